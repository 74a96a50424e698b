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
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedCatalog;
import org.opencirt.feed.definition.OwnedFeed;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
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
 * A job names its feed by owner (the CIRT, none for a platform feed) and id, and runs with no
 * request behind it: it carries the CIRT itself and never asks a request for one.
 */
@ApplicationScoped
public class FeedScheduler {

    private static final Logger LOG = Logger.getLogger(FeedScheduler.class);
    static final String GROUP = "feeds";
    static final String FEED_ID = "feedId";
    static final String OWNER = "tenant";

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
            for (var feed : catalog.all()) {
                if (feed.definition().isEnabled()) {
                    try {
                        runner.runInBackground(feed, "start-up");
                    } catch (ApiException e) {
                        // one run at a time per CIRT: its other feeds wait for their schedule
                        runner.skipped(feed, "start-up", null, e.getMessage());
                    }
                }
            }
        }
    }

    /** Makes Quartz's feed jobs match the catalog: one per enabled, scheduled feed. */
    public synchronized void reschedule() {
        QuarkusTransaction.requiringNew().run(() -> {
            try {
                var wanted = new HashSet<JobKey>();
                for (var feed : catalog.all()) {
                    if (sync(feed)) {
                        wanted.add(jobKey(feed));
                    }
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

    /** Makes one feed's job match its definition (a feed added or changed through the API). */
    public synchronized void schedule(OwnedFeed feed) {
        try {
            if (!sync(feed)) {
                quartz.deleteJob(jobKey(feed));
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("feed %s could not be scheduled".formatted(feed.qualifiedName()), e);
        }
    }

    /** Schedules the feed if it is enabled and has a schedule; returns whether it is scheduled. */
    private boolean sync(OwnedFeed owned) throws SchedulerException {
        var feed = owned.definition();
        if (!feed.isEnabled() || feed.schedule() == null) {
            return false;
        }
        var key = jobKey(owned);
        var triggerKey = TriggerKey.triggerKey(key.getName(), GROUP);
        // another instance may have scheduled it already: replacing an unchanged trigger
        // would make it fire again for the current slot
        if (quartz.getTrigger(triggerKey) instanceof CronTrigger current
                && current.getCronExpression().equals(feed.schedule())) {
            return true;
        }
        var data = new JobDataMap();
        data.put(FEED_ID, feed.id());
        if (owned.owner() != null) {
            data.put(OWNER, owned.owner());
        }
        var job = JobBuilder.newJob(FeedJob.class)
                .withIdentity(key)
                .usingJobData(data)
                .storeDurably()
                .build();
        var trigger = TriggerBuilder.newTrigger()
                .withIdentity(triggerKey)
                .forJob(key)
                .withSchedule(
                        CronScheduleBuilder.cronSchedule(feed.schedule()).withMisfireHandlingInstructionDoNothing())
                .build();
        quartz.scheduleJob(job, Set.of(trigger), true);
        return true;
    }

    private static JobKey jobKey(OwnedFeed feed) {
        return JobKey.jobKey(feed.qualifiedName(), GROUP);
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
            var data = context.getMergedJobDataMap();
            var feedId = data.getString(FEED_ID);
            // the feed's CIRT comes from the job, never from a request (a job has none)
            var owner = data.getString(OWNER);
            var firing = context.getScheduledFireTime().toInstant();
            var next = context.getNextFireTime();
            if (next != null && !next.after(context.getFireTime())) {
                // a run that outlasted its interval blocked this firing, and Quartz hands back every
                // firing missed meanwhile: the feed runs once for all of them, at the newest
                LOG.infof(
                        "scheduled feed %s: the firing of %s skipped, the next one is already due",
                        owner == null ? feedId : owner + "/" + feedId, firing);
                return;
            }
            var feed = QuarkusTransaction.requiringNew()
                    .call(() -> catalog.find(owner, feedId))
                    .filter(f -> f.definition().isEnabled());
            if (feed.isEmpty()) {
                LOG.warnf(
                        "scheduled feed %s no longer exists or is disabled",
                        owner == null ? feedId : owner + "/" + feedId);
                return;
            }
            try {
                runner.run(feed.get(), "schedule", firing);
            } catch (ApiException e) {
                // over its CIRT's quota, or already running: recorded once, not thrown at Quartz
                runner.skipped(feed.get(), "schedule", firing, e.getMessage());
            }
        }
    }
}
