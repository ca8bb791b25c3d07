import os
import subprocess

from flask import Flask, render_template_string, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/var/uploads"


@app.route("/convert", methods=["POST"])
def convert():
    name = request.form["filename"]
    os.system("convert /var/uploads/" + name + " out.png")  # expect: code-injection
    subprocess.run(["convert", os.path.join(UPLOADS, secure_filename(name)), "out.png"])  # safe: code-injection
    return "ok"


@app.route("/greet")
def greet():
    who = request.args.get("name", "world")
    page = render_template_string("<h1>Hello " + who + "</h1>")  # expect: code-injection
    safe_page = render_template_string("<h1>Hello {{ who }}</h1>", who=who)  # safe: code-injection
    return page + safe_page


@app.route("/download")
def download():
    return send_file(os.path.join(UPLOADS, request.args["file"]))  # expect: path-traversal


@app.route("/upload", methods=["POST"])
def upload():
    file = request.files["data"]
    file.save(os.path.join(UPLOADS, file.filename))  # expect: path-traversal
    return "saved"


@app.route("/upload-safe", methods=["POST"])
def upload_safe():
    file = request.files["data"]
    file.save(os.path.join(UPLOADS, secure_filename(file.filename)))  # safe: path-traversal
    return "saved"


def run_job(command):
    # Reached from a route below: the request value arrives as a parameter. Data flow is intra-procedural,
    # so this one is a known miss (bandit flags every os.system call and finds it).
    os.system(command)  # expect: code-injection


@app.route("/job")
def job():
    return str(run_job("train.sh " + request.args["args"]))


def read_report(name):
    with open(os.path.join("/srv/reports", name)) as f:  # expect: path-traversal
        return f.read()


@app.route("/report")
def report():
    return read_report(request.args["name"])


@app.route("/status")
def status():
    out = subprocess.run("nvidia-smi --query-gpu=memory.used --format=csv", shell=True, capture_output=True)  # safe: code-injection
    return out.stdout


if __name__ == "__main__":
    app.run(debug=True)  # expect: insecure-serving
