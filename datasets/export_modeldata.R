# export_modeldata.R — writes data frames of the R package modeldata (as extracted from Debian's
# r-cran-modeldata, not installed) as tab-separated text the converter reads, using base R only.
#   Rscript export_modeldata.R <modeldata dir> <out dir> <object>...
# For each object: <object>.tsv (header + rows, missing values as empty fields) and
# <object>.schema (one line per column: name, "numeric" or "factor", then the factor's levels
# in R's order, unused levels dropped). Tabs are the separator because level names contain
# spaces, commas and parentheses; a value holding a tab or newline is refused.

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript export_modeldata.R <modeldata dir> <out dir> <object>...")
pkg_dir <- args[1]
out_dir <- args[2]
objects <- args[-(1:2)]

env <- new.env()
invisible(lazyLoad(file.path(pkg_dir, "data", "Rdata"), envir = env))

for (name in objects) {
  if (!exists(name, envir = env, inherits = FALSE)) stop("modeldata has no object '", name, "'")
  d <- as.data.frame(get(name, envir = env))
  d <- droplevels(d)
  schema <- vapply(names(d), function(col) {
    v <- d[[col]]
    if (is.factor(v)) paste(c(col, "factor", levels(v)), collapse = "\t")
    else if (is.numeric(v)) paste(col, "numeric", sep = "\t")
    else stop(name, ": column '", col, "' is of class ", class(v)[1], ", not numeric or factor")
  }, "")
  text <- unlist(lapply(d, function(v) as.character(if (is.factor(v)) levels(v) else character(0))))
  if (any(grepl("[\t\n\r]", c(names(d), text)))) stop(name, ": a name or level holds a tab or newline")
  writeLines(schema, file.path(out_dir, paste0(name, ".schema")))
  write.table(d, file.path(out_dir, paste0(name, ".tsv")), sep = "\t", quote = FALSE,
              row.names = FALSE, na = "")
  cat(sprintf("  %s: %d rows x %d columns, %d missing values\n", name, nrow(d), ncol(d), sum(is.na(d))))
}
