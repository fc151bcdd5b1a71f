import os

import pymysql
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    conn = pymysql.connect(
        host=os.environ["DB_HOST"],
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
        database=os.environ["DB_NAME"],
    )
    with conn.cursor() as cur:
        cur.execute("SELECT VERSION()")
        (version,) = cur.fetchone()
    conn.close()
    return f"app: connected to MariaDB {version} at {os.environ['DB_HOST']}\n"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
