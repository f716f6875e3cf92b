// The daemon's HTTP API with the admin token of this tab (sessionStorage: gone when the tab closes).
const KEY = 'queue-autoscaler.adminToken';

export class Unauthorized extends Error {}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

// Resolves to the parsed JSON (null for 204); rejects with the API's own error message.
export async function call(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token.get() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) throw new Unauthorized('the admin token was refused');
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) throw new Error((json && json.message) || `${method} ${path}: HTTP ${response.status}`);
  return json;
}

export const query = (params) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.append(k, v);
  const text = search.toString();
  return text ? '?' + text : '';
};
