import os
import sqlite3
from typing import Annotated

import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse
from openai import OpenAI

app = FastAPI(title="model-api")
client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])  # safe: hardcoded-credential
DATA_DIR = "/srv/reports"


def get_db():
    return sqlite3.connect("predictions.db")


@app.get("/reports/{name}")
def report(name: str):
    return FileResponse(os.path.join(DATA_DIR, name))  # expect: path-traversal


@app.get("/reports-safe/{name}")
def report_safe(name: str):
    return FileResponse(os.path.join(DATA_DIR, os.path.basename(name)))  # safe: path-traversal


@app.get("/predictions")
def predictions(user: str, db=Depends(get_db)):
    rows = db.execute(f"SELECT * FROM predictions WHERE user = '{user}'").fetchall()  # expect: sql-injection
    safe_rows = db.execute("SELECT * FROM predictions WHERE user = ?", (user,)).fetchall()  # safe: sql-injection
    return {"rows": rows + safe_rows}


@app.post("/ask-db")
async def ask_db(request: Request, db=Depends(get_db)):
    body = await request.json()
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Write SQL for: " + body["question"]}],
    )
    sql = completion.choices[0].message.content
    return {"rows": db.execute(sql).fetchall()}  # expect: sql-injection


@app.post("/calc")
async def calc(request: Request):
    payload = await request.json()
    expression = payload["expression"]
    return {"result": eval(expression)}  # expect: code-injection


@app.get("/health")
def health():
    table = "predictions"
    query = "SELECT COUNT(*) FROM " + table
    return {"ok": True, "q": query}


if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)  # expect: insecure-serving
