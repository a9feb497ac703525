// A small orders service: the sample project `ax demo` reviews when run outside a code repository.
import { createServer } from 'node:http';
import { findOrders, saveOrder } from './orders.js';

const ADMIN_TOKEN = 'changeme-admin-token';

createServer(async (request, response) => {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname === '/orders' && request.method === 'GET') {
    const orders = await findOrders(url.searchParams.get('customer'));
    response.end(JSON.stringify(orders));
    return;
  }
  if (url.pathname === '/orders' && request.method === 'POST') {
    if (request.headers.authorization !== ADMIN_TOKEN) {
      response.statusCode = 401;
      response.end();
      return;
    }
    let body = '';
    for await (const chunk of request) body += chunk;
    response.end(JSON.stringify(await saveOrder(JSON.parse(body))));
    return;
  }
  response.statusCode = 404;
  response.end();
}).listen(3000);
