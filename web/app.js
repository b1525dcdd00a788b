// The agent console: log in, see the tickets of your groups, and watch them change live.
const $ = (id) => document.getElementById(id);
const tickets = new Map();

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
  });
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(body?.detail ?? response.statusText);
  return body;
}

function render() {
  // Pinned first, then the most recently changed, as the API lists them.
  const rows = [...tickets.values()].sort(
    (a, b) => b.pinned - a.pinned || b.updatedAt.localeCompare(a.updatedAt),
  );
  $('tickets').replaceChildren(
    ...rows.map((ticket) => {
      const row = document.createElement('tr');
      for (const value of [
        ticket.number,
        ticket.subject,
        ticket.status,
        ticket.priority,
        ticket.groupId,
        ticket.agentId ?? 'queue',
        ticket.slaBreached ? 'breached' : (ticket.slaDueAt ?? ''),
        ticket.updatedAt,
      ]) {
        const cell = document.createElement('td');
        cell.textContent = String(value); // text only: subjects come from customers
        row.append(cell);
      }
      row.dataset.status = ticket.status;
      return row;
    }),
  );
}

function keep(ticket) {
  const known = tickets.get(ticket.number);
  if (!known || known.version <= ticket.version) tickets.set(ticket.number, ticket);
}

async function showQueue(me) {
  $('login').hidden = true;
  $('queue').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = `${me.name} (${me.role})`;
  const page = await api('/api/tickets?pageSize=100');
  for (const ticket of page.items) keep(ticket);
  render();
  // The session cookie authenticates the socket; the server puts it in the rooms of our groups.
  const socket = window.io({ withCredentials: true });
  socket.on('connect', () => ($('live').textContent = 'live'));
  socket.on('disconnect', () => ($('live').textContent = 'reconnecting…'));
  socket.on('ticket.updated', (ticket) => {
    keep(ticket);
    render();
  });
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const session = await api('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    await showQueue(session.staff);
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('/api/auth/logout', { method: 'POST' });
  location.reload();
});

api('/api/auth/me')
  .then(showQueue)
  .catch(() => ($('login').hidden = false));
