MODEL (
  name raw.raw_orders,
  kind SEED (
    path '../../seeds/raw_orders.csv'
  ),
  columns (
    order_id INTEGER,
    customer_id INTEGER,
    order_date DATE,
    total_amount DECIMAL(10, 2)
  ),
  grain order_id,
  description 'Orders as the shop exports them (generated data, January to March 2025)'
);
