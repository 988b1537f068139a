import importlib.util
import os

TOOLS = os.path.join(os.path.dirname(__file__), "..", "..", "tools")


def load_tool(name):
    """Imports `tools/<name>.py`, a script rather than a package module."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(TOOLS, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
