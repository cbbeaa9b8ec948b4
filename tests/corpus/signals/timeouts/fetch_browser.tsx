export function List() {
  useEffect(() => { fetch('/api/items'); }, []);
  return null;
}
