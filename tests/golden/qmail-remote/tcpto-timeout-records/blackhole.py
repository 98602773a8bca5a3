# blackhole.py ADDR PORT READY SECONDS: a listener whose accept queue is
# kept full (it never accepts), so further connection attempts hang.
import socket, sys, time
addr, port, ready, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
ls = socket.socket()
ls.bind((addr, port))
ls.listen(0)
fill = []
for _ in range(3):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex((addr, port))
    fill.append(c)
time.sleep(0.3)
open(ready, "w").close()
time.sleep(secs)
