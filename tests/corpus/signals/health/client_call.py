import requests

HEALTH_URL = "/healthcheck"


def probe(base):
    return requests.get(base + "/health", timeout=2)
