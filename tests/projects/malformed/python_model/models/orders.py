import typing as t
from sqlmesh import model

@model("sushi.orders", columns={"id": "int"})
def execute(context, start, end, execution_time, **kwargs):
    return None
