"""A Python FastAPI stand-in for recycle-info's GET /api/v1/recycle/items/{id}, for bench/recycle-info-wrk.sh.

It serves exactly the JSON recycle-info serves (dumped from it by the script into ITEMS_FILE) the way a typical
FastAPI service would: the item is a dict in memory, FastAPI serialises it on every request, 404 for unknown ids.
"""
import json
import os

from fastapi import FastAPI, HTTPException

with open(os.environ["ITEMS_FILE"], encoding="utf-8") as f:
    ITEMS = json.load(f)

app = FastAPI()


@app.get("/api/v1/recycle/items/{item_id}")
def get_item(item_id: str):
    item = ITEMS.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail=f"no item {item_id}")
    return item
