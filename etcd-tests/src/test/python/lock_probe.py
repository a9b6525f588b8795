"""A python-etcd process contending for an etcd.Lock beside Java ones (run by PythonLockInteropIT).

Usage: lock_probe.py URL NAME COUNTER ROUNDS. Under the lock it reads the counter key, prints
"<fencing token> <counter>" (the token is the lock key's createdIndex) and writes the counter + 1.
"""
import sys
import urllib.parse

import etcd


def main():
    url, name, counter, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    u = urllib.parse.urlparse(url)
    client = etcd.Client(host=u.hostname, port=u.port, protocol=u.scheme, read_timeout=30)
    out = []
    for _ in range(rounds):
        lock = etcd.Lock(client, name)
        lock.acquire(blocking=True, lock_ttl=10)
        token = client.read(lock.lock_key).createdIndex
        try:
            value = int(client.read(counter, quorum=True).value)
        except etcd.EtcdKeyNotFound:
            value = 0
        out.append("%d %d" % (token, value))
        client.write(counter, str(value + 1))
        lock.release()
    print("\n".join(out))


if __name__ == "__main__":
    main()
