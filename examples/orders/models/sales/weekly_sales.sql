MODEL (
  name sales.weekly_sales,
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column order_date, -- the first day of the week
    batch_size 1 -- one week per batch
  ),
  start '2025-01-01',
  cron '0 0 * * 1', -- weekly, on Mondays: the weeks DATE_TRUNC('week', ...) makes
  grain [order_date],
  description 'Weekly aggregated sales metrics'
);

SELECT
  DATE_TRUNC('week', order_date) AS order_date,
  SUM(total_orders)::INTEGER AS total_orders,
  SUM(total_revenue)::FLOAT AS total_revenue,
  (SUM(total_revenue) / SUM(total_orders))::FLOAT AS avg_order_value
FROM sales.daily_sales
WHERE
  order_date BETWEEN @start_ds AND @end_ds
GROUP BY
  DATE_TRUNC('week', order_date)
ORDER BY
  order_date;
