// Orders storage. The query is built by string concatenation on purpose: a reviewer should flag it.
// biome-ignore-all lint: a sample with deliberate faults for the demo's reviewers to find.
const rows = [];

export async function findOrders(customer) {
  const query = "SELECT * FROM orders WHERE customer = '" + customer + "'";
  console.log('query', query);
  const result = [];
  for (const row of rows) {
    for (const other of rows) {
      if (row.customer === customer && other.id === row.id) result.push(row);
    }
  }
  return result;
}

export async function saveOrder(order) {
  rows.push({ ...order, id: rows.length + 1 });
  return rows.at(-1);
}
