%% Checks of supervisor behaviour the tests in test/supervisor.test.ts assert, run on the real BEAM:
%%   erlc -o /tmp supervisor_check.erl && erl -noshell -pa /tmp -s supervisor_check main
%% Each worker traps exits and reports {started, Id} and {stopping, Id, Reason} to the checker.
-module(supervisor_check).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/2, worker/2]).

init({Flags, Specs}) -> {ok, {Flags, Specs}}.

start_worker(Id, Test) -> {ok, spawn_link(?MODULE, worker, [Id, Test])}.
worker(Id, Test) ->
    process_flag(trap_exit, true),
    Test ! {started, Id},
    receive
        {crash, R} -> exit(R);
        {'EXIT', _, R} -> Test ! {stopping, Id, R}, exit(R)
    end.

spec(Id, Restart) -> #{id => Id, start => {?MODULE, start_worker, [Id, self()]}, restart => Restart}.

events() -> receive E -> [E | events()] after 100 -> [] end.

pid_of(Sup, Id) -> {Id, P, _, _} = lists:keyfind(Id, 1, supervisor:which_children(Sup)), P.

run(Title, Strategy, Specs, Crash) ->
    {ok, Sup} = supervisor:start_link(?MODULE, {#{strategy => Strategy, intensity => 5}, Specs}),
    _ = events(),
    pid_of(Sup, Crash) ! {crash, boom},
    io:format("~s: ~p~n", [Title, events()]),
    io:format("  which_children: ~p~n", [[Id || {Id, _, _, _} <- supervisor:which_children(Sup)]]),
    unlink(Sup), exit(Sup, shutdown), _ = events().

main() ->
    run("one_for_all, b crashes", one_for_all, [spec(a, permanent), spec(b, permanent), spec(c, permanent)], b),
    run("rest_for_one, b crashes", rest_for_one, [spec(a, permanent), spec(b, permanent), spec(c, permanent), spec(d, permanent)], b),
    run("one_for_all with temporary t, b crashes", one_for_all, [spec(a, permanent), spec(t, temporary), spec(b, permanent)], b),
    {ok, Sup} = supervisor:start_link(?MODULE, {#{strategy => one_for_one}, [spec(a, permanent), spec(b, permanent)]}),
    _ = events(),
    {ok, _} = supervisor:start_child(Sup, spec(c, permanent)),
    io:format("after start_child c: which_children ~p~n", [[Id || {Id, _, _, _} <- supervisor:which_children(Sup)]]),
    unlink(Sup), exit(Sup, shutdown),
    io:format("shutdown order: ~p~n", [events()]),
    halt().
