package dev.berth.aot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;

/**
 * At build time only (META-INF/spring/aot.factories): writes every condition Spring Boot evaluated
 * while the build processed the context, and the auto-configurations it excluded, to {@link
 * FrozenCondition#RESOURCE}, sorted, so an unchanged build writes the same bytes.
 */
class ConditionReportAotProcessor implements BeanFactoryInitializationAotProcessor {

    static final String EXCLUDED = "#excluded\t";

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        ConditionEvaluationReport report = ConditionEvaluationReport.find(beanFactory);
        if (report == null) {
            return null;
        }
        List<FrozenCondition> conditions = new ArrayList<>();
        for (Map.Entry<String, ConditionAndOutcomes> source : report.getConditionAndOutcomesBySource().entrySet()) {
            for (ConditionAndOutcome evaluated : source.getValue()) {
                conditions.add(new FrozenCondition(source.getKey(), evaluated.getCondition().getClass().getName(),
                        evaluated.getOutcome().isMatch()));
            }
        }
        conditions.sort(Comparator.comparing(FrozenCondition::source).thenComparing(FrozenCondition::condition));
        StringBuilder text = new StringBuilder();
        report.getExclusions().stream().sorted().forEach(name -> text.append(EXCLUDED).append(name).append('\n'));
        conditions.forEach(condition -> text.append(condition.line()).append('\n'));
        return (generation, code) -> generation.getGeneratedFiles().addResourceFile(FrozenCondition.RESOURCE, text);
    }
}
