package cn.wuzhou.income.dashboards.marts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/** The repository of every mart, by mart name, in the catalogue's order. */
public final class MartRepositories {
  private final Map<String, MartRepository> byName = new LinkedHashMap<>();
  private final DecliningHouseholdsRepository declining;
  private final IncomeEvidenceRepository evidence;
  private final EvaluationMetricsRepository evaluation;

  public MartRepositories(DSLContext dsl) {
    declining = new DecliningHouseholdsRepository(dsl);
    evidence = new IncomeEvidenceRepository(dsl);
    evaluation = new EvaluationMetricsRepository(dsl);
    for (MartRepository r : List.of(new QuintileTrendRepository(dsl), new QuintileTransitionRepository(dsl),
        new CohortProgressRepository(dsl), declining, new TownshipComparisonRepository(dsl),
        new SubsidyTimelinessRepository(dsl), evidence, new PovertyIndicesRepository(dsl), evaluation)) {
      byName.put(r.mart().name(), r);
    }
  }

  public Optional<MartRepository> find(String mart) {
    return Optional.ofNullable(byName.get(mart));
  }

  public List<MartRepository> all() {
    return List.copyOf(byName.values());
  }

  public DecliningHouseholdsRepository declining() {
    return declining;
  }

  public IncomeEvidenceRepository evidence() {
    return evidence;
  }

  public EvaluationMetricsRepository evaluation() {
    return evaluation;
  }
}
