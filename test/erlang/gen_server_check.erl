%% Checks of gen_server behaviour that test/server.test.ts asserts, run on the real BEAM:
%%   erlc -o /tmp gen_server_check.erl && erl -noshell -pa /tmp -s gen_server_check main
%% Prints: a failed init ({stop, boom}) returns {error, boom} to start_link and then kills a
%% non-trapping caller through the link, while a trapping caller also finds {'EXIT', Pid, boom} in
%% its mailbox; a call fails with the server's exit reason (normal included), noproc for a dead
%% server, timeout with no late reply left behind; stop returns ok after terminate, noproc after.
-module(gen_server_check).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
init(stop) -> {stop, boom};
init(ok) -> {ok, []}.
handle_call(die_normal, _F, S) -> {stop, normal, S};
handle_call(exit_x, _F, _S) -> exit(xx);
handle_call(slow, _F, S) -> timer:sleep(200), {reply, late, S};
handle_call(R, _F, S) -> {reply, R, S}.
handle_cast(_, S) -> {noreply, S}.
handle_info(M, S) -> io:format("info ~p~n", [M]), {noreply, S}.
terminate(R, _) -> io:format("terminate ~p~n", [R]).
main() ->
  Self = self(),
  spawn(fun() -> R = (catch gen_server:start_link(?MODULE, stop, [])), io:format("nontrap got ~p~n", [R]), receive after 100 -> io:format("nontrap alive~n") end, Self ! done end),
  receive done -> ok after 300 -> io:format("nontrap died~n") end,
  spawn(fun() -> process_flag(trap_exit, true), R = gen_server:start_link(?MODULE, stop, []), io:format("trap got ~p~n", [R]), receive M -> io:format("trap mailbox ~p~n", [M]) after 100 -> io:format("trap empty~n") end, Self ! done end),
  receive done -> ok end,
  {ok, P} = gen_server:start(?MODULE, ok, []),
  io:format("call normal: ~p~n", [catch gen_server:call(P, die_normal)]),
  {ok, P2} = gen_server:start(?MODULE, ok, []),
  io:format("call exit: ~p~n", [catch gen_server:call(P2, exit_x)]),
  io:format("call dead: ~p~n", [catch gen_server:call(P2, x)]),
  {ok, P3} = gen_server:start(?MODULE, ok, []),
  io:format("call timeout: ~p~n", [catch gen_server:call(P3, slow, 50)]),
  receive M -> io:format("late: ~p~n", [M]) after 300 -> io:format("no late reply~n") end,
  io:format("stop: ~p~n", [catch gen_server:stop(P3)]),
  io:format("stop dead: ~p~n", [catch gen_server:stop(P3)]),
  halt().
