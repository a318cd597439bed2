#!/usr/bin/env python3
"""A TCP relay that holds every chunk for a fixed one-way delay: user-space network latency.

    delay-relay.py --delay-ms D LISTEN_HOST:PORT=TARGET_HOST:PORT [...]

Each LISTEN=TARGET pair accepts connections on LISTEN and opens one to TARGET for each. Bytes
read from either side are stamped on arrival and written to the other side D ms later, in order,
so both directions see D ms one-way (a round trip through the relay takes 2·D plus what the
endpoints add). Nothing is dropped or reordered and bandwidth is not limited: only latency is
simulated. The kernel here has no `netem` qdisc, which would do this in the kernel.

bench/latency.sh puts each validator in its own network namespace and this relay in front of each
one's p2p port, so every connection between validators crosses it.
Prints one line per pair when listening; stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import signal
import sys
import time

CHUNK = 64 * 1024


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk written `delay` seconds after it was read."""
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
            try:
                if writer.can_write_eof():
                    writer.write_eof()
            except (ConnectionError, OSError):
                pass

    await asyncio.gather(read_side(), write_side())


async def serve_pair(listen, target, delay):
    target_host, target_port = target

    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(
                pump(client_reader, upstream_writer, delay),
                pump(upstream_reader, client_writer, delay),
            )
        except asyncio.CancelledError:
            pass  # the relay is stopping
        finally:
            for w in (client_writer, upstream_writer):
                w.close()

    server = await asyncio.start_server(handle, listen[0], listen[1], reuse_address=True)
    print(f"delay-relay: {listen[0]}:{listen[1]} -> {target_host}:{target_port}, "
          f"{delay * 1000:.0f} ms each way", flush=True)
    return server


def address(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"not HOST:PORT: {text}")
    return host, int(port)


def pair(text):
    listen, sep, target = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"not LISTEN=TARGET: {text}")
    return address(listen), address(target)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, required=True)
    parser.add_argument("pairs", nargs="+", type=pair, metavar="LISTEN=TARGET")
    args = parser.parse_args()
    if args.delay_ms < 0:
        parser.error("--delay-ms must not be negative")
    servers = [await serve_pair(listen, target, args.delay_ms / 1000) for listen, target in args.pairs]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
