package dev.berth.aot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport.ConditionAndOutcomes;

/**
 * At build time only (META-INF/spring/aot.factories): writes every condition Spring Boot evaluated
 * while the build processed the context, and the auto-configurations it excluded, as {@link
 * BuildDecisions}.
 */
class ConditionReportAotProcessor implements BeanFactoryInitializationAotProcessor {

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
        String text = new BuildDecisions(Set.copyOf(report.getExclusions()), conditions).text();
        return (generation, code) -> generation.getGeneratedFiles().addResourceFile(BuildDecisions.RESOURCE, text);
    }
}
