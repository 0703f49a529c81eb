#!/usr/bin/python3
"""A UNIX-socket proxy that adds network latency, for bench/run.sh.

    latency_proxy.py LISTEN_SOCKET TARGET_SOCKET [--rtt-ms 20]

Listens on LISTEN_SOCKET; each client it accepts gets its own connection to
TARGET_SOCKET (the private libvirtd's), and every chunk read from either side
is written to the other half a round trip (RTT/2) after it was read, in the
order it was read. Bandwidth is not limited: a chunk read while an earlier one
waits is not held up further, as on a long fat link. Runs until killed.
Plain standard library.
"""

import argparse
import asyncio
import os
import signal
import time

CHUNK = 1 << 16


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk `delay` seconds after it arrived."""
    queue = asyncio.Queue()

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                queue.put_nowait((time.monotonic() + delay, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            queue.put_nowait((time.monotonic() + delay, b""))

    async def write_side():
        try:
            while True:
                due, data = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    await asyncio.gather(read_side(), write_side())


async def serve(listen, target, delay):
    async def on_client(client_reader, client_writer):
        try:
            daemon_reader, daemon_writer = await asyncio.open_unix_connection(target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, daemon_writer, delay),
                             pump(daemon_reader, client_writer, delay))

    server = await asyncio.start_unix_server(on_client, path=listen, limit=CHUNK)
    os.chmod(listen, 0o700)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with server:
        await stop
    os.unlink(listen)


def main():
    parser = argparse.ArgumentParser(description="UNIX socket proxy adding latency")
    parser.add_argument("listen")
    parser.add_argument("target")
    parser.add_argument("--rtt-ms", type=float, default=20.0,
                        help="round trip added, half in each direction (default 20)")
    args = parser.parse_args()
    if args.rtt_ms < 0:
        parser.error("--rtt-ms must not be negative")
    asyncio.run(serve(args.listen, args.target, args.rtt_ms / 2000.0))


if __name__ == "__main__":
    main()
