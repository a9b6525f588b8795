package dev.etcdj.http.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The endpoints a client talks to and the order one call tries them in. The endpoint that last answered
 * well comes first, the others follow in their configured order. An endpoint that failed (could not be
 * reached, or answered that it cannot serve) is <b>set aside</b>: for 1 s after its first failure,
 * doubling with each further one up to 30 s, it is tried only after every endpoint that is not set aside,
 * so no call waits on a member known to be dead, and none fails only because all were set aside. A good
 * answer clears its record. The list itself can be replaced (the members etcd reports), keeping the records
 * of the endpoints that stay. Thread-safe.
 */
public final class EndpointPool {
    /** How long an endpoint is set aside after its first failure. */
    public static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    /** The longest an endpoint is set aside. */
    public static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

    private record SetAside(int failures, long until) {
    }

    private final LongSupplier nanoTime;
    private final Map<String, SetAside> setAside = new ConcurrentHashMap<>();
    private volatile List<String> urls;
    private volatile String preferred;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Checks a configured endpoint URL and returns it without trailing slashes. Messages never show user
     * info, which may hold a password.
     *
     * @param url the URL, such as {@code https://etcd.example:2379}
     * @return the URL without trailing slashes
     * @throws IllegalArgumentException if it is not an absolute http(s) URL without query, fragment or user info
     */
    public static String checkUrl(String url) {
        Objects.requireNonNull(url, "endpoint == null");
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URL: \"" + redacted(url) + "\": " + e.getReason()
                    + (url.contains("@") ? "" : " at index " + e.getIndex()));
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http:// or https:// URL with a host: \""
                    + redacted(url) + "\"" + (url.contains("@") ? " (credentials go in credentials(...), not the URL)" : ""));
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must not have a query, fragment or user info "
                    + "(use credentials(...)): " + uri.getScheme() + "://" + uri.getHost());
        }
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** The URL with anything that may be user info (up to the last {@code @}) replaced by {@code ***}. */
    static String redacted(String url) {
        int at = url.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        int start = url.indexOf("//");
        start = start < 0 || start > at ? 0 : start + 2;
        return url.substring(0, start) + "***" + url.substring(at);
    }

    /** Creates a pool of {@code urls} (at least one) on the system's nano clock. */
    public EndpointPool(List<String> urls) {
        this(urls, System::nanoTime);
    }

    /** Creates a pool of {@code urls} on {@code nanoTime} (a test's clock). */
    public EndpointPool(List<String> urls, LongSupplier nanoTime) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        this.urls = List.copyOf(urls);
        this.preferred = this.urls.get(0);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
    }

    /** Returns the endpoints, in their configured order. */
    public List<String> urls() {
        return urls;
    }

    /** Returns how many endpoints there are. */
    public int size() {
        return urls.size();
    }

    /**
     * Returns the order one call tries the endpoints in: the preferred one, then the others in order (both
     * unless set aside), then the set-aside ones, soonest back first.
     */
    public List<String> plan() {
        List<String> all = urls;
        String first = preferred;
        int start = Math.max(0, all.indexOf(first));
        long now = nanoTime.getAsLong();
        List<String> usable = new ArrayList<>(all.size());
        List<String> aside = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String url = all.get((start + i) % all.size());
            SetAside s = setAside.get(url);
            (s != null && now - s.until() < 0 ? aside : usable).add(url);
        }
        if (!aside.isEmpty()) {
            aside.sort(Comparator.comparingLong(u -> {
                SetAside s = setAside.get(u);
                return s == null ? Long.MIN_VALUE : s.until() - now;
            }));
            usable.addAll(aside);
        }
        return usable;
    }

    /** Records a good answer from {@code url}: it is preferred from now on, its failures forgotten. */
    public void succeeded(String url) {
        setAside.remove(url);
        preferred = url;
    }

    /** Records a failure of {@code url}: it is set aside, and no longer preferred. */
    public void failed(String url) {
        failures.incrementAndGet();
        long now = nanoTime.getAsLong();
        setAside.compute(url, (k, s) -> {
            int failures = s == null ? 1 : s.failures() + 1;
            long backOff = Math.min(MAX_BACK_OFF.toNanos(), FIRST_BACK_OFF.toNanos() << Math.min(failures - 1, 20));
            return new SetAside(failures, now + backOff);
        });
        if (url.equals(preferred)) {
            List<String> all = urls;
            int at = all.indexOf(url);
            preferred = all.get((at + 1) % all.size());
        }
    }

    /** Returns how many failures were recorded since the pool was made. */
    public long failures() {
        return failures.get();
    }

    /** Returns whether {@code url} is set aside now. */
    public boolean isSetAside(String url) {
        SetAside s = setAside.get(url);
        return s != null && nanoTime.getAsLong() - s.until() < 0;
    }

    /**
     * Replaces the endpoints (an empty list is ignored); records of endpoints that stay are kept.
     *
     * @return whether the list changed
     */
    public boolean replace(List<String> newUrls) {
        if (newUrls.isEmpty() || newUrls.equals(urls)) {
            return false;
        }
        List<String> copy = List.copyOf(newUrls);
        urls = copy;
        setAside.keySet().retainAll(copy);
        if (!copy.contains(preferred)) {
            preferred = copy.get(0);
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> aside = urls.stream().filter(this::isSetAside).toList();
        return urls + (aside.isEmpty() ? "" : ", set aside " + aside);
    }
}
