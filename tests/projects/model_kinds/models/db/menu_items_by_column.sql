MODEL (
  name db.menu_items_by_column,
  kind SCD_TYPE_2_BY_COLUMN (
    unique_key id,
    columns [name, price],
    execution_time_as_valid_from true
  )
);

SELECT id, name, price FROM stg.current_menu_items
