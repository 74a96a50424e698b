package org.opencirt.feed.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedCatalog;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Schedules every enabled feed that has a schedule as a Quartz job. Quartz keeps its jobs in
 * PostgreSQL and runs clustered, so with several instances each scheduled run happens once.
 */
@ApplicationScoped
public class FeedScheduler {

    private static final Logger LOG = Logger.getLogger(FeedScheduler.class);
    static final String GROUP = "feeds";
    static final String FEED_ID = "feedId";

    private final Scheduler quartz;
    private final FeedCatalog catalog;
    private final FeedConfig config;

    private final FeedRunner runner;

    FeedScheduler(Scheduler quartz, FeedCatalog catalog, FeedConfig config, FeedRunner runner) {
        this.quartz = quartz;
        this.catalog = catalog;
        this.config = config;
        this.runner = runner;
    }

    void onStart(@Observes @Priority(300) StartupEvent event) {
        if (config.schedule()) {
            reschedule();
        }
        if (config.runOnStart()) {
            catalog.all().stream().filter(f -> f.isEnabled()).forEach(f -> runner.runInBackground(f, "start-up"));
        }
    }

    /** Makes Quartz's feed jobs match the catalog: one per enabled, scheduled feed. */
    public synchronized void reschedule() {
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                var wanted = new HashSet<JobKey>();
                for (var feed : catalog.all()) {
                    if (!feed.isEnabled() || feed.schedule() == null) {
                        continue;
                    }
                    var key = JobKey.jobKey(feed.id(), GROUP);
                    wanted.add(key);
                    // another instance may have scheduled it already: replacing an unchanged trigger
                    // would make it fire again for the current slot
                    if (quartz.getTrigger(TriggerKey.triggerKey(feed.id(), GROUP)) instanceof CronTrigger current
                            && current.getCronExpression().equals(feed.schedule())) {
                        continue;
                    }
                    var job = JobBuilder.newJob(FeedJob.class).withIdentity(key).usingJobData(FEED_ID, feed.id()).storeDurably().build();
                    var trigger = TriggerBuilder.newTrigger().withIdentity(feed.id(), GROUP).forJob(key)
                            .withSchedule(CronScheduleBuilder.cronSchedule(feed.schedule()).withMisfireHandlingInstructionDoNothing())
                            .build();
                    quartz.scheduleJob(job, Set.of(trigger), true);
                }
                for (var key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
                    if (!wanted.contains(key)) {
                        quartz.deleteJob(key);
                    }
                }
                LOG.infof("scheduled %d feed(s)", wanted.size());
            } catch (SchedulerException e) {
                throw new IllegalStateException("feeds could not be scheduled", e);
            }
        });
    }

    /** A scheduled feed run; Quartz never runs two of the same feed at once, across the cluster. */
    @Dependent
    @DisallowConcurrentExecution
    public static class FeedJob implements Job {

        private final FeedCatalog catalog;
        private final FeedRunner runner;

        FeedJob(FeedCatalog catalog, FeedRunner runner) {
            this.catalog = catalog;
            this.runner = runner;
        }

        @Override
        public void execute(JobExecutionContext context) {
            var feedId = context.getMergedJobDataMap().getString(FEED_ID);
            catalog.find(feedId).filter(f -> f.isEnabled()).ifPresentOrElse(
                    feed -> runner.run(feed, "schedule"),
                    () -> LOG.warnf("scheduled feed %s no longer exists or is disabled", feedId));
        }
    }
}
