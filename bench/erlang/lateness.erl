%% The BEAM side of bench/timer-lateness.ts: how late a 50 ms `after` fires beside K processes
%% that loop by tail calls, each step doing the same little work (a sum of 50 squares).
%%   erlc -o bench/results/ebin bench/erlang/lateness.erl
%%   erl +S 1:1 -noshell -pa bench/results/ebin -s lateness main -s init stop
-module(lateness).
-export([main/0, loop/1]).

work() -> lists:foldl(fun(I, A) -> A + I * I end, 0, lists:seq(1, 50)).

loop(N) -> work(), loop(N + 1).

measure(K) ->
    Ps = [spawn(?MODULE, loop, [0]) || _ <- lists:seq(1, K)],
    timer:sleep(20),
    L = lists:sort([begin
                        T0 = erlang:monotonic_time(microsecond),
                        receive never -> ok after 50 -> ok end,
                        (erlang:monotonic_time(microsecond) - T0) / 1000 - 50
                    end || _ <- lists:seq(1, 20)]),
    [exit(P, kill) || P <- Ps],
    io:format("| tail calls | ~p | ~.1f | ~.1f |~n", [K, lists:nth(11, L), lists:last(L)]).

main() ->
    io:format("| load | K | late, median (ms) | late, max (ms) |~n|---|---:|---:|---:|~n"),
    [measure(K) || K <- [0, 1, 10, 100, 1000]],
    ok.
