MODEL (name s.a, kind FULL);
JINJA_QUERY_BEGIN;
SELECT 1 AS x {% if start_ds > '2020-01-01' %}, 2 AS y{% endif %}
JINJA_END;
