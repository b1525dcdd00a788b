// Renders /api/openapi.json: one card per operation with its roles, parameters and schemas.
const el = (tag, text) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
};

function schemaBlock(title, schema) {
  const block = el('details');
  block.append(el('summary', title), el('pre', JSON.stringify(schema, null, 2)));
  return block;
}

const spec = await (await fetch('/api/openapi.json')).json();
const main = document.getElementById('docs');
main.replaceChildren(el('h2', `${spec.info.title} ${spec.info.version}`));
for (const [path, operations] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(operations)) {
    const card = el('section');
    card.className = 'op';
    const heading = el('h3');
    const verb = el('span', method);
    verb.className = 'method';
    heading.append(verb, el('code', path));
    card.append(heading, el('p', op.summary));
    card.append(el('p', op['x-roles'] ? `Roles: ${op['x-roles'].join(', ')}` : 'Public'));
    if (op.parameters?.length) card.append(schemaBlock('Parameters', op.parameters));
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) card.append(schemaBlock('Request body', body));
    for (const [status, response] of Object.entries(op.responses)) {
      const schema = Object.values(response.content ?? {})[0]?.schema;
      if (schema) card.append(schemaBlock(`Response ${status}`, schema));
    }
    main.append(card);
  }
}
