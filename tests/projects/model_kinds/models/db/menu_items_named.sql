MODEL (
  name db.menu_items_named,
  kind SCD_TYPE_2 (
    unique_key id,
    valid_from_name my_valid_from,
    valid_to_name my_valid_to
  )
);

SELECT id, name, price, updated_at FROM stg.current_menu_items
