package dev.etcdj.api.recipes;

import dev.etcdj.api.Etcd;
import java.util.Objects;

/**
 * What every recipe's builder sets: the etcd it runs on, its name and the directory its keys live in.
 * Not thread-safe.
 *
 * @param <B> the builder's own type
 */
abstract class RecipeBuilder<B extends RecipeBuilder<B>> {
    final Etcd etcd;
    final String name;
    String directory;

    RecipeBuilder(Etcd etcd, String what, String name, String directory) {
        this.etcd = Objects.requireNonNull(etcd, "etcd == null");
        this.name = Recipes.checkName(what, name);
        this.directory = directory;
    }

    /**
     * Keeps the recipe's keys below {@code directory} instead of the default one.
     *
     * @param directory the directory, such as {@code /locks}
     * @return this builder
     */
    public B directory(String directory) {
        this.directory = Recipes.directory(directory);
        return self();
    }

    /** Returns the recipe's own directory: {@code <directory>/<name>}. */
    final String path() {
        return directory + "/" + name;
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }
}
