import subprocess

import gradio as gr
from transformers import pipeline

classifier = pipeline("text-classification", model="distilbert-base-uncased-finetuned-sst-2-english")


def predict(text):
    return classifier(text)[0]["label"]


def render(model_name):
    subprocess.run(f"python export.py --model {model_name}", shell=True)  # expect: code-injection
    return "exported"


def render_safe(model_name):
    subprocess.run(["python", "export.py", "--model", model_name])  # safe: code-injection
    return "exported"


with gr.Blocks() as admin:
    box = gr.Textbox()
    button = gr.Button("Export")
    button.click(render, inputs=box, outputs=box)
    button.click(render_safe, inputs=box, outputs=box)

demo = gr.Interface(fn=predict, inputs="text", outputs="label")

if __name__ == "__main__":
    demo.launch(share=True)  # expect: insecure-serving
    admin.launch(share=True, auth=("admin", "correct-horse"))  # safe: insecure-serving
    admin.launch(server_name="0.0.0.0")  # expect: insecure-serving
