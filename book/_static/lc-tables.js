/* Long report tables become sortable and searchable in the browser, with simple-datatables
   (installed from the npm registry, copied into the book by the build). Every row stays in the
   page, and the PDF is printed with scripts forbidden, so print keeps the full static table. */
document.addEventListener("DOMContentLoaded", function () {
  if (typeof simpleDatatables === "undefined") {
    return;
  }
  document.querySelectorAll("table.lc-table").forEach(function (table) {
    var body = table.tBodies[0];
    if (body && body.rows.length > 12) {  // longer than a screen
      new simpleDatatables.DataTable(table, {
        searchable: true,
        sortable: true,
        paging: false,
        fixedColumns: false,
        labels: {placeholder: "Search this table", noRows: "No rows to show", info: "{rows} rows"},
      });
    }
  });
});
