import httpx

client = httpx.Client(base_url="https://x")
forever = httpx.Client(timeout=None)
