import os

c = get_config()  # noqa: F821
c.ServerApp.ip = "0.0.0.0"
c.ServerApp.token = ""  # expect: insecure-serving
c.ServerApp.disable_check_xsrf = True  # expect: insecure-serving
c.ServerApp.open_browser = False
c.IdentityProvider.token = os.environ.get("JUPYTER_TOKEN")  # safe: insecure-serving
