%% The BEAM side of the ts-otp benchmark: the same workloads, shapes and sizes as bench/floor.ts
%% and bench/ts-otp.ts (NOTE: keep in step with bench/common.ts), one workload per VM.
%%
%%   erlc -o bench/results/ebin bench/erlang/bench.erl
%%   erl -noshell +S 1:1 +P 2000000 -pa bench/results/ebin -run bench main <workload> [quick|full]
%%
%% Prints one line: RESULT {"impl":"beam","workload":...,"n":...,"ms":...,"value":...,"unit":...}
-module(bench).
-export([main/1]).
%% The OTP rows: a supervisor (callback init/1) and a gen_server (the rest).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2, start_child/1, sup_child/1]).

%% ------------------------------------------------------------------------------------ sizes

sizes("full") ->
    #{spawn => 1000000, ring_n => 10000, ring_m => 1000, ring_small_n => 100,
      ring_small_m => 100000, pingpong => 1000000, junk => 10000, receives => 5000,
      chain => 100000, fanin => 100000, monitor => 1000000,
      restarts => 100000, restart_batch => 100, calls => 1000000};
sizes("quick") ->
    #{spawn => 100000, ring_n => 10000, ring_m => 50, ring_small_n => 100,
      ring_small_m => 5000, pingpong => 100000, junk => 10000, receives => 100,
      chain => 10000, fanin => 10000, monitor => 100000,
      restarts => 5000, restart_batch => 100, calls => 100000}.

main([W]) -> main([W, "full"]);
main([W, Size]) ->
    S = sizes(Size),
    Self = self(),
    %% Every workload runs in a fresh process so that nothing of the shell's start-up is in its heap.
    spawn(fun() -> Self ! {result, run(W, S)} end),
    receive {result, R} -> print(W, R) end,
    halt(0).

now_ms() -> erlang:monotonic_time(nanosecond) / 1.0e6.

print(W, {N, Ms, Value, Unit, Extra}) ->
    io:format("RESULT {\"impl\":\"beam\",\"workload\":\"~s\",\"n\":~b,\"ms\":~.6f,\"value\":~.6f,"
              "\"unit\":\"~s\"~s}~n", [W, N, Ms, float(Value), Unit, Extra]).

run("spawn", #{spawn := N}) ->
    {Ms, Bytes} = spawn_wl(N),
    {N, Ms, N / Ms * 1000, "spawns/s", io_lib:format(",\"bytesPerProc\":~.3f", [Bytes])};
run("ring", #{ring_n := N, ring_m := M}) ->
    Ms = ring(N, M),
    {N * M, Ms, N * M / Ms * 1000, "hops/s", ""};
run("ring-small", #{ring_small_n := N, ring_small_m := M}) ->
    Ms = ring(N, M),
    {N * M, Ms, N * M / Ms * 1000, "hops/s", ""};
run("pingpong", #{pingpong := K}) ->
    Ms = ping(K),
    {K, Ms, K / Ms * 1000, "round trips/s", ""};
run("selective", #{junk := J, receives := R}) ->
    Ms = selective(J, R),
    {R, Ms, Ms * 1.0e6 / (R * J), "ns/skipped msg", ""};
run("link-chain", #{chain := N}) ->
    Ms = chain(N),
    {N, Ms, Ms, "ms", ""};
run("fan-in", #{fanin := N}) ->
    Ms = fanin(N),
    {N, Ms, Ms, "ms", ""};
run("sup-restart", #{restarts := N, restart_batch := B}) ->
    Ms = sup_restart(N, B),
    {N, Ms, Ms * 1000 / N, "us/restart", ""};
run("gen-call", #{calls := K}) ->
    Ms = gen_call(K),
    {K, Ms, K / Ms * 1000, "calls/s", ""};
run("monitor", #{monitor := K}) ->
    T0 = now_ms(),
    mon(K),
    Ms = now_ms() - T0,
    {K, Ms, K / Ms * 1000, "cycles/s", ""}.

%% ------------------------------------------------------------------------------ workloads

%% spawn: N processes blocked in receive; then a sentinel, which (one scheduler, FIFO run queue)
%% runs only after every waiter has reached its receive. Memory: erlang:memory(processes) before
%% and after, per process.
spawn_wl(N) ->
    erlang:garbage_collect(),
    M0 = erlang:memory(processes),
    T0 = now_ms(),
    spawn_waiters(N),
    Self = self(),
    spawn(fun() -> Self ! done end),
    receive done -> ok end,
    Ms = now_ms() - T0,
    erlang:garbage_collect(),
    M1 = erlang:memory(processes),
    {Ms, (M1 - M0) / N}.

spawn_waiters(0) -> ok;
spawn_waiters(N) -> spawn(fun waiter/0), spawn_waiters(N - 1).

waiter() -> receive stop -> ok end.

%% ring: N processes, each told its successor; an integer token counts the hops left.
ring(N, M) ->
    Self = self(),
    Nodes = [spawn(fun() -> ring_init(Self) end) || _ <- lists:seq(1, N)],
    [First | Rest] = Nodes,
    lists:foreach(fun({P, Next}) -> P ! Next end, lists:zip(Nodes, Rest ++ [First])),
    T0 = now_ms(),
    First ! N * M,
    receive done -> ok end,
    now_ms() - T0.

ring_init(Root) -> receive Next -> ring_node(Next, Root) end.

ring_node(Next, Root) ->
    receive
        0 -> Root ! done;
        Hops -> Next ! Hops - 1, ring_node(Next, Root)
    end.

%% pingpong: K round trips of an integer between two processes.
ping(K) ->
    Pong = spawn(fun() -> receive Ping -> pong(Ping) end end),
    Pong ! self(),
    T0 = now_ms(),
    ping_loop(Pong, K - 1),
    now_ms() - T0.

ping_loop(_, -1) -> ok;
ping_loop(Pong, K) ->
    Pong ! K,
    receive _ -> ping_loop(Pong, K - 1) end.

pong(Ping) ->
    receive
        0 -> Ping ! 0;
        K -> Ping ! K, pong(Ping)
    end.

%% selective: J unmatched messages stay at the front of the mailbox; each timed receive has to
%% skip all of them to take the 'target' just sent.
selective(J, R) ->
    Self = self(),
    lists:foreach(fun(I) -> Self ! I end, lists:seq(1, J)),
    T0 = now_ms(),
    sel_loop(Self, R),
    now_ms() - T0.

sel_loop(_, 0) -> ok;
sel_loop(Self, R) ->
    Self ! target,
    receive target -> sel_loop(Self, R - 1) end.

%% link-chain: N processes, each spawn_linking the next; the first is killed with reason boom,
%% and the time is taken until the 'DOWN' of the last one.
chain(N) ->
    Self = self(),
    First = spawn(fun() -> chain_node(N - 1, Self) end),
    Last = receive {last, P} -> P end,
    Ref = monitor(process, Last),
    T0 = now_ms(),
    exit(First, boom),
    receive {'DOWN', Ref, process, Last, _} -> ok end,
    now_ms() - T0.

chain_node(0, Root) ->
    Root ! {last, self()},
    receive never -> ok end;
chain_node(K, Root) ->
    spawn_link(fun() -> chain_node(K - 1, Root) end),
    receive never -> ok end.

%% fan-in: a trapping parent with N linked children blocked in receive; it sends each 'go', each
%% child returns (exit reason normal), and the time is taken until the parent has received all N
%% {'EXIT', Pid, normal}. Off-heap mailbox, as in the anchor.
fanin(N) ->
    process_flag(trap_exit, true),
    process_flag(message_queue_data, off_heap),
    Kids = [spawn_link(fun fan_child/0) || _ <- lists:seq(1, N)],
    Self = self(),
    spawn(fun() -> Self ! done end),
    receive done -> ok end,
    T0 = now_ms(),
    lists:foreach(fun(P) -> P ! go end, Kids),
    collect(N),
    now_ms() - T0.

fan_child() -> receive go -> ok end.

collect(0) -> ok;
collect(K) -> receive {'EXIT', _, _} -> collect(K - 1) end.

%% monitor: K times spawn a process that returns at once, monitor it, wait for its 'DOWN'.
mon(0) -> ok;
mon(K) ->
    {Pid, Ref} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', Ref, process, Pid, _} -> mon(K - 1) end.

%% sup-restart (NOTE: keep in step with bench/otp.ts): a one_for_one supervisor with one permanent
%% child, a plain linked process that tells the root it runs and waits; the root makes it exit and
%% times until the new child's {running, Pid} arrives. Batches of B restarts per supervisor
%% (intensity B; started and stopped outside the timed part). The logger is silenced: every
%% restart is a supervisor report.
sup_restart(N, B) ->
    logger:set_primary_config(level, none),
    sup_batches(N, B, self(), 0.0).

sup_batches(N, _B, _Root, Ms) when N =< 0 -> Ms;
sup_batches(N, B, Root, Ms) ->
    {ok, Sup} = supervisor:start_link(?MODULE, {sup, B, Root}),
    P0 = receive {running, P} -> P end,
    T0 = now_ms(),
    restart_loop(B, P0),
    Ms1 = Ms + (now_ms() - T0),
    unlink(Sup),
    Ref = monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, _} -> ok end,
    sup_batches(N - B, B, Root, Ms1).

restart_loop(0, _Pid) -> ok;
restart_loop(K, Pid) ->
    Pid ! crash,
    receive {running, New} -> restart_loop(K - 1, New) end.

start_child(Root) -> {ok, spawn_link(?MODULE, sup_child, [Root])}.

sup_child(Root) ->
    Root ! {running, self()},
    receive crash -> exit(crash) end.

%% gen-call: one client, K sequential gen_server:call/2 (default 5 s timeout) to a server that
%% replies at once.
gen_call(K) ->
    {ok, Pid} = gen_server:start_link(?MODULE, echo, []),
    T0 = now_ms(),
    call_loop(K, Pid),
    Ms = now_ms() - T0,
    gen_server:stop(Pid),
    Ms.

call_loop(0, _Pid) -> ok;
call_loop(K, Pid) -> K = gen_server:call(Pid, K), call_loop(K - 1, Pid).

%% The callbacks: init/1 serves both behaviours.
init({sup, B, Root}) ->
    {ok, {#{strategy => one_for_one, intensity => B, period => 3600},
          [#{id => c, start => {?MODULE, start_child, [Root]}}]}};
init(echo) -> {ok, nil}.
handle_call(Req, _From, S) -> {reply, Req, S}.
handle_cast(_Msg, S) -> {noreply, S}.
