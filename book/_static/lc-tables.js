/* Long report tables become sortable and searchable in the browser, with simple-datatables
   (installed from the npm registry, copied into the book by the build). Every row stays in the
   page, and the PDF is printed with scripts forbidden, so print keeps the full static table.
   A column of numbers sorts by the number each cell shows first: "22/12 (NR)" by 22, "4.25 (0.77)"
   by 4.25, "1,234" by 1234, "<5†" by 5; cells with no number ("NR") sort together below. */
var LEADING_NUMBER = /^\s*[<>≤≥~]?\s*([-−]?\d[\d,]*(?:\.\d+)?)/;

function leadingNumber(text) {
  var match = LEADING_NUMBER.exec(text);
  return match ? parseFloat(match[1].replace(/,/g, "").replace("−", "-")) : null;
}

function markNumericColumns(table) {
  var body = table.tBodies[0];
  var columns = table.rows[0] ? table.rows[0].cells.length : 0;
  for (var c = 0; c < columns; c++) {
    var cells = [], numbers = 0, filled = 0;
    for (var r = 0; r < body.rows.length; r++) {
      var cell = body.rows[r].cells[c];
      if (!cell) { continue; }
      cells.push(cell);
      if (cell.textContent.trim() !== "") { filled++; }
      if (leadingNumber(cell.textContent) !== null) { numbers++; }
    }
    if (filled && numbers * 2 >= filled) {  // a column of numbers (a few NR or suppressed cells allowed)
      cells.forEach(function (cell) {
        var value = leadingNumber(cell.textContent);
        cell.dataset.order = value === null ? "-1e308" : String(value);
      });
    }
  }
}

document.addEventListener("DOMContentLoaded", function () {
  if (typeof simpleDatatables === "undefined") {
    return;
  }
  document.querySelectorAll("table.lc-table").forEach(function (table) {
    var body = table.tBodies[0];
    if (body && body.rows.length > 12) {  // longer than a screen
      markNumericColumns(table);
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
