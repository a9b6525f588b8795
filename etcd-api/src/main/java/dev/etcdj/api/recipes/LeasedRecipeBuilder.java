package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The builder of a recipe that holds keys on a lease: their TTL and the scheduler of their refreshes.
 * Not thread-safe.
 *
 * @param <B> the builder's own type
 */
abstract class LeasedRecipeBuilder<B extends LeasedRecipeBuilder<B>> extends RecipeBuilder<B> {
    Duration ttl = Duration.ofSeconds(30);
    ScheduledExecutorService scheduler = Recipes.scheduler();

    LeasedRecipeBuilder(Etcd etcd, String what, String name, String directory) {
        super(etcd, what, name, directory);
    }

    /**
     * Sets the TTL of the recipe's keys (30 s by default; whole seconds, at least 2): how long a stalled or
     * dead process keeps what it held. The keys are refreshed every third of it.
     *
     * @param ttl the TTL
     * @return this builder
     */
    public B ttl(Duration ttl) {
        this.ttl = Recipes.checkTtl(ttl);
        return self();
    }

    /**
     * Runs the keep-alive refreshes on {@code scheduler} instead of the shared one-thread scheduler.
     *
     * @param scheduler the scheduler for the refreshes
     * @return this builder
     */
    public B scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
        return self();
    }
}
