# Reference values for the synthesis's random-effects statistics, from R's metafor.
#
# Rerun with `make metafor-reference` (needs Debian's r-base-core and r-cran-metafor);
# it rewrites tests/data/metafor_reference.csv, which tests/unit/synthesis compares
# lc-report's own computations against. The CSV is kept in the repository so the
# tests run where R is not installed.
#
# Datasets: metafor's BCG vaccine trials (log risk ratios, 13 studies, grouped by
# allocation method), and three sets of synthetic program means on a 1-5 rating
# scale (k = 2, 6 and 12, and 5 that agree more than chance allows), standing in for the programs of
# a portfolio.

suppressPackageStartupMessages(library(metafor))

# metafor finds Paule-Mandel's tau^2 and the Q-profile bounds with uniroot at a default
# tolerance of about 1e-4; references are solved to 1e-12 so the tests can be strict.
TIGHT <- list(tol = 1e-12)

rows <- list()
put <- function(dataset, quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(dataset = dataset, quantity = quantity, value = value)
}

describe <- function(name, yi, vi, groups = NULL) {
  for (i in seq_along(yi)) {  # the inputs, so the tests need no R to rebuild them
    put(name, sprintf("input.%d.yi", i), yi[i])
    put(name, sprintf("input.%d.vi", i), vi[i])
  }
  for (test in c("z", "t", "knha")) {
    fit <- rma(yi, vi, method = "PM", test = test, control = TIGHT)
    prefix <- paste0(test, ".")
    put(name, paste0(prefix, "estimate"), fit$b[1])
    put(name, paste0(prefix, "se"), fit$se)
    put(name, paste0(prefix, "ci_low"), fit$ci.lb)
    put(name, paste0(prefix, "ci_high"), fit$ci.ub)
    pred <- predict(fit)
    put(name, paste0(prefix, "pi_low"), pred$pi.lb)
    put(name, paste0(prefix, "pi_high"), pred$pi.ub)
  }
  fit <- rma(yi, vi, method = "PM", control = TIGHT)
  put(name, "k", fit$k)
  put(name, "tau2", fit$tau2)
  put(name, "tau", sqrt(fit$tau2))
  put(name, "i2", fit$I2)
  put(name, "h2", fit$H2)
  put(name, "q", fit$QE)
  put(name, "q_p", fit$QEp)
  if (fit$k >= 3) {
    ci <- confint(fit, control = TIGHT)$random  # Q-profile intervals
    put(name, "tau2_ci_low", ci["tau^2", "ci.lb"])
    put(name, "tau2_ci_high", ci["tau^2", "ci.ub"])
    put(name, "i2_ci_low", ci["I^2(%)", "ci.lb"])
    put(name, "i2_ci_high", ci["I^2(%)", "ci.ub"])
    loo <- leave1out(fit)
    for (i in seq_along(loo$estimate)) {
      put(name, sprintf("loo.%d.estimate", i), loo$estimate[i])
      put(name, sprintf("loo.%d.tau2", i), loo$tau2[i])
    }
  }
  if (fit$k >= 10) {
    egger <- regtest(fit, model = "lm")  # Egger's regression test
    put(name, "egger_z", egger$zval)
    put(name, "egger_p", egger$pval)
  }
  if (!is.null(groups)) {
    # Subgroups fitted separately (each its own tau^2), then compared with a Q test
    # between the subgroup estimates, as R's meta reports a random-effects subgroup test.
    for (i in seq_along(groups)) put(name, sprintf("input.%d.group.%s", i, groups[i]), 1)
    levels <- sort(unique(groups))
    est <- c(); se <- c()
    for (g in levels) {
      sub <- rma(yi[groups == g], vi[groups == g], method = "PM", control = TIGHT)
      put(name, paste0("subgroup.", g, ".estimate"), sub$b[1])
      put(name, paste0("subgroup.", g, ".tau2"), sub$tau2)
      est <- c(est, sub$b[1]); se <- c(se, sub$se)
    }
    between <- rma(est, sei = se, method = "FE")
    put(name, "subgroup_q", between$QE)
    put(name, "subgroup_df", length(levels) - 1)
    put(name, "subgroup_p", between$QEp)
  }
}

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
describe("bcg", bcg$yi, bcg$vi, groups = bcg$alloc)

ratings <- function(means, sds, ns) list(yi = means, vi = sds^2 / ns)
two <- ratings(c(4.10, 4.55), c(0.80, 0.62), c(40, 35))
describe("ratings_k2", two$yi, two$vi)
six <- ratings(c(4.21, 4.05, 4.48, 3.92, 4.33, 4.60), c(0.71, 0.84, 0.55, 0.90, 0.66, 0.49),
               c(52, 38, 61, 27, 45, 70))
describe("ratings_k6", six$yi, six$vi, groups = c("rural", "urban", "urban", "rural", "urban", "rural"))
twelve <- ratings(c(4.21, 4.05, 4.48, 3.92, 4.33, 4.60, 3.75, 4.12, 4.41, 3.98, 4.27, 4.52),
                  c(0.71, 0.84, 0.55, 0.90, 0.66, 0.49, 0.95, 0.77, 0.58, 0.88, 0.69, 0.51),
                  c(52, 38, 61, 27, 45, 70, 18, 33, 66, 22, 49, 74))
describe("ratings_k12", twelve$yi, twelve$vi)
# Programs that agree more than chance allows: tau^2 is 0, where Knapp-Hartung's factor (Q / (k - 1))
# is below 1 and its interval narrower than the t one (with tau^2 above 0 Paule-Mandel makes it 1).
agree <- ratings(c(4.20, 4.22, 4.18, 4.21, 4.19), c(0.80, 0.75, 0.85, 0.70, 0.90), c(30, 42, 25, 50, 36))
describe("ratings_k5_agree", agree$yi, agree$vi)

out <- do.call(rbind, rows)
out$value <- sprintf("%.15g", out$value)
write.csv(out, "tests/data/metafor_reference.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("metafor %s: %d values written to tests/data/metafor_reference.csv\n",
            as.character(packageVersion("metafor")), nrow(out)))
