import os

import boto3
import psycopg2

AWS_ACCESS_KEY_ID = "AKIAZ7QXMB5NDW3RK2PL"  # expect: hardcoded-credential
HF_TOKEN = "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"  # expect: hardcoded-credential
OPENAI_KEY = os.environ.get("OPENAI_API_KEY")  # safe: hardcoded-credential
MAX_NEW_TOKENS = 512


def connect():
    return psycopg2.connect(host="db.internal", user="trainer", password="Xq7!vR2#pLm9")  # expect: hardcoded-credential


def connect_safe():
    return psycopg2.connect(host="db.internal", user="trainer", password=os.environ["PGPASSWORD"])  # safe: hardcoded-credential


def s3():
    return boto3.client("s3", region_name="eu-west-1")
