"""Report: the run result, corrections in context, one module per format (formats/), the HTML report (html/)."""
