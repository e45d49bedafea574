MODEL (
  name db.menu_items_updated_at,
  kind SCD_TYPE_2 (
    unique_key id,
    updated_at_name my_updated_at
  )
);

SELECT
    id,
    name,
    price,
    my_updated_at
FROM
    stg.current_menu_items;
