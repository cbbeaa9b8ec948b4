import requests


def a(u):
    return requests.get(
        u,
        headers={"a": "b"},
        timeout=(3.05, 27),
    )
