// The PostgreSQL types strata reads natively, by type OID, and how they map onto LogicalType
// (docs/engines.md lists the mapping).
#pragma once

#include <libpq-fe.h>

#include <optional>
#include <string>

#include "engine/logical_type.h"

namespace strata::engine::postgres {

// The strata type of values of the built-in PostgreSQL type `oid` with type modifier `typmod`
// (-1: none), as the server describes result and table columns. Arrays of supported element types
// are one-level LISTs (PostgreSQL does not record the number of dimensions in the type).
// Returns nullopt for a type strata does not know by OID (user-defined types, ranges, geometry,
// network types, ...): the caller names it from the catalog and reads its values as text.
// Never fails.
std::optional<LogicalType> BuiltinType(Oid oid, int typmod);

// The DECIMAL(width, scale) of a NUMERIC type modifier, or nullopt when there is none (plain
// NUMERIC) or it does not fit a DECIMAL (precision above 38, negative scale, scale above
// precision). Such NUMERICs are read as kOther with their exact text.
std::optional<LogicalType> NumericDecimalType(int typmod);

}  // namespace strata::engine::postgres
