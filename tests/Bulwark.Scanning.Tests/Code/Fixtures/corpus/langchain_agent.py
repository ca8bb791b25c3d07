import sqlite3

from langchain.agents import AgentType, initialize_agent, load_tools
from langchain_community.vectorstores import FAISS
from langchain_experimental.agents import create_pandas_dataframe_agent
from langchain_experimental.tools import PythonREPLTool
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
import pandas as pd

llm = ChatOpenAI(model="gpt-4o-mini", temperature=0)
embeddings = OpenAIEmbeddings()

store = FAISS.load_local("faiss_index", embeddings, allow_dangerous_deserialization=True)  # expect: remote-code
own_store = FAISS.from_texts(["hello"], embeddings)  # safe: remote-code

tools = load_tools(["serpapi", "python_repl"], llm=llm)  # expect: remote-code
search_only = load_tools(["serpapi", "llm-math"], llm=llm)  # safe: remote-code
tools.append(PythonREPLTool())  # expect: remote-code
agent = initialize_agent(tools, llm, agent=AgentType.ZERO_SHOT_REACT_DESCRIPTION)

df = pd.read_csv("sales.csv")
df_agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)  # expect: remote-code


def answer_with_sql(question):
    conn = sqlite3.connect("sales.db")
    generated = llm.invoke(f"Write one SQLite query answering: {question}")
    cursor = conn.cursor()
    cursor.execute(generated.content)  # expect: sql-injection
    return cursor.fetchall()


def run_generated_code(task):
    code = llm.invoke("Write Python that does: " + task).content
    namespace = {}
    exec(code, namespace)  # expect: code-injection
    return namespace.get("result")


def summarise(doc):
    summary = llm.invoke("Summarise: " + doc).content
    print(summary)
    return len(summary)
