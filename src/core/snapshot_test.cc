// Fingerprints and snapshots: pinned values, formatting-insensitivity, semantic sensitivity,
// propagation to children, and the payload's round trip.
#include "core/snapshot.h"

#include <gtest/gtest.h>

#include "project/temp_project_test_util.h"

namespace strata {
namespace {

constexpr char kParent[] = R"(MODEL (
  name s.parent,
  kind INCREMENTAL_BY_TIME_RANGE (time_column day),
  start '2025-01-01',
  cron '@daily'
);
SELECT day, COUNT(*) AS n FROM raw.orders WHERE day BETWEEN @start_ds AND @end_ds GROUP BY day
)";

constexpr char kChild[] = R"(MODEL (name s.child, kind FULL);
SELECT day, n FROM s.parent
)";

class SnapshotTest : public ::testing::Test {
 protected:
  // The snapshots of a project with the parent model `parent` and the fixed child, by name.
  std::map<std::string, Snapshot> Compute(const std::string& parent,
                                          const std::string& child = kChild,
                                          const std::string& audits = "") {
    project::TempProject dir;
    dir.Write("config.yaml", "gateways:\n  local:\n    connection: {type: duckdb}\n");
    dir.Write("models/parent.sql", parent);
    dir.Write("models/child.sql", child);
    if (!audits.empty()) {
      dir.Write("audits/checks.sql", audits);
    }
    Result<project::Project> project = project::LoadProject(dir.path());
    EXPECT_TRUE(project.ok()) << project.status().ToString();
    std::map<std::string, Snapshot> out;
    if (!project.ok()) {
      return out;
    }
    Result<std::vector<Snapshot>> snapshots = ComputeSnapshots(*project);
    EXPECT_TRUE(snapshots.ok()) << snapshots.status().ToString();
    for (Snapshot& snapshot : *snapshots) {
      out[snapshot.id.name] = std::move(snapshot);
    }
    return out;
  }
};

TEST_F(SnapshotTest, PinnedValues) {
  auto snapshots = Compute(kParent);
  // These values are part of the state format: a change here changes every fingerprint (and
  // makes every project rebuild). Update them only together with docs/plan_and_run.md.
  EXPECT_EQ(snapshots["s.parent"].id.fingerprint, "6f9511e694cc9e613c184431a46c1037");
  EXPECT_EQ(snapshots["s.parent"].version, "1e4338fdf8936983");
  EXPECT_EQ(snapshots["s.child"].id.fingerprint, "b2b307c1103134e324a9746ee1c70b0d");
}

TEST_F(SnapshotTest, FormattingDoesNotCount) {
  auto base = Compute(kParent);
  auto reformatted = Compute(R"(model (
  name s.parent,   -- the parent
  kind incremental_by_time_range (time_column day),
  start '2025-01-01',
  cron '@daily'
);
/* a comment */
select   day,
         count(*) as n
from raw.orders
where day between @start_ds and @end_ds
group by day;
)");
  EXPECT_EQ(base["s.parent"].id, reformatted["s.parent"].id);
  EXPECT_EQ(base["s.child"].id, reformatted["s.child"].id);
}

TEST_F(SnapshotTest, SemanticChangesCountAndReachChildren) {
  auto base = Compute(kParent);
  std::string changed = kParent;
  changed.replace(changed.find("COUNT(*)"), 8, "COUNT(DISTINCT day)");
  auto edited = Compute(changed);
  EXPECT_NE(base["s.parent"].id.fingerprint, edited["s.parent"].id.fingerprint);
  EXPECT_NE(base["s.parent"].version, edited["s.parent"].version);
  EXPECT_NE(base["s.parent"].payload.data_hash, edited["s.parent"].payload.data_hash);
  // The child's own definition did not change, but its fingerprint and version did.
  EXPECT_EQ(base["s.child"].payload.data_hash, edited["s.child"].payload.data_hash);
  EXPECT_NE(base["s.child"].id.fingerprint, edited["s.child"].id.fingerprint);
  EXPECT_NE(base["s.child"].version, edited["s.child"].version);
}

TEST_F(SnapshotTest, MetadataChangesKeepTheVersion) {
  auto base = Compute(kParent);
  std::string changed = kParent;
  changed.replace(changed.find("cron '@daily'"), 13, "cron '@daily',\n  owner 'ana'");
  auto edited = Compute(changed);
  EXPECT_NE(base["s.parent"].id.fingerprint, edited["s.parent"].id.fingerprint);
  EXPECT_EQ(base["s.parent"].version, edited["s.parent"].version);
  EXPECT_EQ(base["s.parent"].payload.data_hash, edited["s.parent"].payload.data_hash);
  EXPECT_NE(base["s.parent"].payload.metadata_hash, edited["s.parent"].payload.metadata_hash);
  EXPECT_EQ(base["s.child"].version, edited["s.child"].version);
}

TEST_F(SnapshotTest, PayloadRoundTrip) {
  auto snapshots = Compute(kParent);
  const Snapshot& parent = snapshots["s.parent"];
  EXPECT_EQ(parent.payload.kind, "INCREMENTAL_BY_TIME_RANGE");
  EXPECT_EQ(parent.payload.path, "models/parent.sql");
  EXPECT_EQ(parent.payload.source, kParent);
  EXPECT_EQ(parent.payload.schedule.start, "2025-01-01");
  EXPECT_EQ(snapshots["s.child"].payload.parents, (std::vector<state::SnapshotId>{parent.id}));
  Result<SnapshotPayload> parsed = ParsePayload(PayloadToJson(parent.payload));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, parent.payload);
  EXPECT_FALSE(ParsePayload("{\"name\": 1}").ok());
}

// The model text is decoded apart from the rest of the payload: every escape JSON has, and
// texts that look like the payload's own keys, come back unchanged; a payload whose source is
// not its last key (another writer) still parses.
TEST_F(SnapshotTest, PayloadSourceWithEveryEscape) {
  auto snapshots = Compute(kParent);
  SnapshotPayload payload = snapshots["s.parent"].payload;
  for (std::string source :
       {std::string(""), std::string("-- a \"quoted\" \\ back\\slash /\n\ttab\r\b\f"),
        std::string("SELECT 1 -- ,\"source\":\"x\"}"), std::string("\x01\x1f control"),
        std::string("caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac")}) {
    payload.source = source;
    Result<SnapshotPayload> parsed = ParsePayload(PayloadToJson(payload));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->source, source);
    EXPECT_EQ(*parsed, payload);
  }
  std::string json = PayloadToJson(payload);
  // \u escapes, a surrogate pair among them, as another JSON writer may produce them.
  const size_t key = json.rfind(",\"source\":");
  std::string moved = json.substr(0, key) + ",\"source\":\"a\\u00e9\\ud83d\\ude00\\u0041\"}";
  Result<SnapshotPayload> escaped = ParsePayload(moved);
  ASSERT_TRUE(escaped.ok()) << escaped.status().ToString();
  EXPECT_EQ(escaped->source,
            "a\xc3\xa9\xf0\x9f\x98\x80"
            "A");
  // Source first, name last.
  std::string reordered = "{\"source\":\"S\"," + json.substr(1, key - 1) + "}";
  Result<SnapshotPayload> other = ParsePayload(reordered);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->source, "S");
  EXPECT_EQ(other->name, payload.name);
  // A lone surrogate is no text.
  EXPECT_FALSE(ParsePayload(json.substr(0, key) + ",\"source\":\"\\ud83d\"}").ok());
}

// A custom audit's definition travels in the payload of the models that call it, and belongs to
// their metadata hash: changing it keeps the version.
TEST_F(SnapshotTest, CustomAuditsInPayloadAndMetadataHash) {
  const std::string child =
      "MODEL (name s.child, kind FULL, audits (at_most(column := n), not_null(columns := (n))));\n"
      "SELECT day, n FROM s.parent\n";
  const std::string audit =
      "-- limits\nAUDIT (name at_most);\nSELECT * FROM @this_model WHERE @column > 5;\n"
      "AUDIT (name unused);\nSELECT 1";
  auto base = Compute(kParent, child, audit);
  const SnapshotPayload& payload = base["s.child"].payload;
  ASSERT_EQ(payload.audits.size(), 1u);
  EXPECT_EQ(payload.audits[0].first, "audits/checks.sql");
  EXPECT_EQ(payload.audits[0].second,
            "AUDIT (name at_most);\nSELECT * FROM @this_model WHERE @column > 5");
  EXPECT_TRUE(base["s.parent"].payload.audits.empty());
  Result<SnapshotPayload> parsed = ParsePayload(PayloadToJson(payload));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, payload);

  std::string changed = audit;
  changed.replace(changed.find("> 5"), 3, "> 6");
  auto edited = Compute(kParent, child, changed);
  EXPECT_NE(base["s.child"].id.fingerprint, edited["s.child"].id.fingerprint);
  EXPECT_EQ(base["s.child"].version, edited["s.child"].version);
  EXPECT_NE(base["s.child"].payload.metadata_hash, edited["s.child"].payload.metadata_hash);
  EXPECT_EQ(base["s.parent"].id.fingerprint, edited["s.parent"].id.fingerprint);
}

}  // namespace
}  // namespace strata
