"""A hostile stand-in for an OSRM server, on 127.0.0.1, for OSRMCLITests: every request gets the
same broken answer, chosen by the mode argument. Prints its port, then serves until killed.

usage: python3 hostile_osrm.py MODE
modes: trickle (headers, then a byte every 0.3 s for ever), negative-chunk (a chunk size of -5),
huge-chunk (a chunk size beyond any body), negative-length (Content-Length: -1), endless (a body
that never ends), negative-duration (a well-formed table with a duration of -5 s), rounded-below-zero
(a table whose one leg is -0.1 s and -0.2 m: OSRM's own rounding, accepted as zero),
nan-distance (a table with a distance that is not a number)
"""
import json
import socket
import sys
import threading
import time


def table(request_line, duration, distance):
    # The request's points: /table/v1/driving/x,y;x,y?sources=...&destinations=...
    path = request_line.split(" ")[1]
    points = path.split("/table/v1/")[1].split("/", 1)[1].split("?")[0].split(";")
    query = dict(part.split("=", 1) for part in path.split("?", 1)[1].split("&"))
    sources = query["sources"].split(";")
    destinations = query["destinations"].split(";")
    snapped = [{"distance": 0.0, "location": [float(v) for v in p.split(",")]} for p in points]
    rows = [[0.0 for _ in destinations] for _ in sources]
    rows[0][-1] = duration
    metres = [[0.0 for _ in destinations] for _ in sources]
    metres[0][-1] = distance
    return json.dumps({"code": "Ok", "durations": rows, "distances": metres,
                       "sources": [snapped[int(i)] for i in sources],
                       "destinations": [snapped[int(i)] for i in destinations]})


def serve(connection, mode):
    try:
        request = b""
        while b"\r\n\r\n" not in request:
            data = connection.recv(65536)
            if not data:
                return
            request += data
        line = request.split(b"\r\n")[0].decode()
        if mode == "trickle":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            while True:
                connection.sendall(b" ")
                time.sleep(0.3)
        elif mode == "negative-chunk":
            connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n")
        elif mode == "huge-chunk":
            connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nhello\r\n0\r\n\r\n")
        elif mode == "negative-length":
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n{}")
        elif mode == "endless":
            connection.sendall(b"HTTP/1.1 200 OK\r\n\r\n")
            block = b"[" * 65536
            while True:
                connection.sendall(block)
        elif mode == "negative-duration":
            body = table(line, -5.0, 100.0).encode()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        elif mode == "rounded-below-zero":
            body = table(line, -0.1, -0.2).encode()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        elif mode == "nan-distance":
            body = table(line, 5.0, 1.0).replace('"distances": [[0.0', '"distances": [[NaN', 1).encode()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    except OSError:
        pass
    finally:
        connection.close()


def main(mode):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    print(server.getsockname()[1], flush=True)
    while True:
        connection, _ = server.accept()
        threading.Thread(target=serve, args=(connection, mode), daemon=True).start()


if __name__ == "__main__":
    main(sys.argv[1])
