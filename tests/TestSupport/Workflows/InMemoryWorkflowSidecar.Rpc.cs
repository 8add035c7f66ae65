using System.Globalization;
using Dapr.DurableTask.Protobuf;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

// The TaskHubSidecarService as daprd serves it: dapr/durabletask-go backend/executor.go (grpcExecutor) in front of
// dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go. Requests arrive as bytes and are parsed here with the
// protobuf parser; responses leave as bytes.
public sealed partial class InMemoryWorkflowSidecar
{
    private static readonly Timestamp ZeroTime = Timestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc));

    internal async Task<byte[]> HandleUnaryAsync(string appId, string method, byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            IMessage response = method switch
            {
                "Hello" => Hello(Empty.Parser.ParseFrom(request)),
                "StartInstance" => await StartInstanceAsync(appId, CreateInstanceRequest.Parser.ParseFrom(request), cancellationToken).ConfigureAwait(false),
                "GetInstance" => GetInstance(appId, GetInstanceRequest.Parser.ParseFrom(request)),
                // dapr/durabletask-go backend/executor.go WaitForInstanceStart: any status but PENDING.
                "WaitForInstanceStart" => await WaitForInstanceAsync(appId, GetInstanceRequest.Parser.ParseFrom(request),
                    i => i.Status != OrchestrationStatus.Pending, cancellationToken).ConfigureAwait(false),
                // dapr/durabletask-go backend/executor.go WaitForInstanceCompletion: api.WorkflowMetadataIsComplete
                // (dapr/durabletask-go api/orchestration.go).
                "WaitForInstanceCompletion" => await WaitForInstanceAsync(appId, GetInstanceRequest.Parser.ParseFrom(request),
                    i => i.IsTerminal, cancellationToken).ConfigureAwait(false),
                "RaiseEvent" => RaiseEvent(appId, RaiseEventRequest.Parser.ParseFrom(request)),
                "TerminateInstance" => await TerminateAsync(appId, TerminateRequest.Parser.ParseFrom(request), cancellationToken).ConfigureAwait(false),
                "SuspendInstance" => await SuspendAsync(appId, SuspendRequest.Parser.ParseFrom(request), cancellationToken).ConfigureAwait(false),
                "ResumeInstance" => await ResumeAsync(appId, ResumeRequest.Parser.ParseFrom(request), cancellationToken).ConfigureAwait(false),
                "PurgeInstances" => PurgeInstances(appId, PurgeInstancesRequest.Parser.ParseFrom(request)),
                "CompleteActivityTask" => CompleteActivityTask(appId, request),
                // dapr/durabletask-go backend/executor.go: the deprecated CompleteOrchestratorTask is
                // CompleteWorkflowTask.
                "CompleteOrchestratorTask" or "CompleteWorkflowTask" => CompleteWorkflowTask(appId, WorkflowResponse.Parser.ParseFrom(request)),
                "ListInstanceIDs" => ListInstanceIds(appId, ListInstanceIDsRequest.Parser.ParseFrom(request)),
                "GetInstanceHistory" => GetInstanceHistory(appId, GetInstanceHistoryRequest.Parser.ParseFrom(request)),
                _ => throw new RpcException(new Status(StatusCode.Unimplemented,
                    $"/TaskHubSidecarService/{method} is not implemented by the in-memory workflow sidecar.")),
            };
            return response.ToByteArray();
        }
        catch (RpcException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        }
        catch (Exception ex)
        {
            RecordFault($"{method} from '{appId}' failed inside the sidecar: {ex}");
            throw new RpcException(new Status(StatusCode.Internal, ex.Message));
        }
    }

    // dapr/durabletask-go backend/executor.go Hello: echoes the empty message (the SDK's keep-alive).
    private static Empty Hello(Empty request) => request;

    private async Task<IMessage> StartInstanceAsync(string appId, CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        SidecarInstance instance;
        lock (_gate)
        {
            var existing = Find(appId, request.InstanceId);
            if (existing is null)
            {
                instance = new SidecarInstance(appId, request.InstanceId);
                _instances.Add(instance);
            }
            else if (!existing.IsCompleted)
            {
                // dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go createIfCompleted: an instance that has
                // not completed (a pending one included) blocks re-creation; dapr/durabletask-go backend/executor.go
                // StartInstance wraps the actor's error.
                throw new RpcException(new Status(StatusCode.AlreadyExists,
                    $"failed to create workflow instance: an active workflow with ID '{request.InstanceId}' already exists"));
            }
            else if (_activities.Exists(a => a.Owner == existing))
            {
                // dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go createIfCompleted: a finished instance
                // still awaiting an activity result is not reused.
                throw new RpcException(new Status(StatusCode.Unknown,
                    $"failed to create workflow instance: a terminated workflow with ID '{request.InstanceId}' is already awaiting an activity result"));
            }
            else
            {
                // dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go createIfCompleted: a completed instance
                // is recreated from an empty state.
                existing.Reset();
                CancelTimersOf(existing);
                instance = existing;
            }

            // dapr/durabletask-go backend/executor.go StartInstance builds the ExecutionStarted event (a fresh
            // execution id); dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go gives it a router naming the
            // hosting app before the first turn.
            var started = new HistoryEvent
            {
                EventId = -1,
                Timestamp = NowTimestamp(),
                ExecutionStarted = new ExecutionStartedEvent
                {
                    Name = request.Name,
                    Version = request.Version,
                    Input = request.Input,
                    WorkflowInstance = new WorkflowInstance { InstanceId = request.InstanceId, ExecutionId = Guid.NewGuid().ToString() },
                    ParentTraceContext = request.ParentTraceContext,
                    ScheduledStartTimestamp = request.ScheduledStartTimestamp,
                },
                Router = new TaskRouter { SourceAppID = appId },
            };
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go scheduleWorkflowStart / dapr/dapr
            // pkg/actors/targets/workflow/orchestrator/reminder.go assertStartReminder: the start waits in the inbox
            // until its reminder is due (the scheduled start time, if any).
            instance.ScheduledStart = request.ScheduledStartTimestamp?.ToDateTimeOffset();
            AddToInbox(instance, started);
            Pump();
            Changed();
        }

        // dapr/durabletask-go backend/executor.go StartInstance: without a scheduled start time the call returns once
        // the instance has started.
        if (request.ScheduledStartTimestamp is null)
        {
            await WaitForAsync(() => instance.Status != OrchestrationStatus.Pending ? instance : null, cancellationToken).ConfigureAwait(false);
        }

        return new CreateInstanceResponse { InstanceId = request.InstanceId };
    }

    private GetInstanceResponse GetInstance(string appId, GetInstanceRequest request)
    {
        // dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go GetWorkflowMetadata reads the actor state store
        // directly, never through the workflow actor, so it does not wait behind a turn or a running activity; a
        // missing instance is exists=false (dapr/durabletask-go backend/executor.go).
        lock (_gate)
        {
            var instance = Find(appId, request.InstanceId);
            return instance is null ? new GetInstanceResponse { Exists = false } : InstanceResponse(instance, request.GetInputsAndOutputs);
        }
    }

    private async Task<IMessage> WaitForInstanceAsync(string appId, GetInstanceRequest request, Func<SidecarInstance, bool> condition, CancellationToken cancellationToken)
    {
        // dapr/dapr pkg/actors/targets/workflow/orchestrator/stream.go handleStream: the watch parks until the instance
        // exists and the condition holds.
        return await WaitForAsync(
            () => Find(appId, request.InstanceId) is { } instance && condition(instance) ? InstanceResponse(instance, request.GetInputsAndOutputs) : null,
            cancellationToken).ConfigureAwait(false);
    }

    private RaiseEventResponse RaiseEvent(string appId, RaiseEventRequest request)
    {
        lock (_gate)
        {
            var instance = Find(appId, request.InstanceId) ?? throw NoSuchInstance(string.Empty);
            // dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go AddNewWorkflowEvent: each external event gets a
            // strictly increasing ingestion timestamp.
            AddToInbox(instance, new HistoryEvent
            {
                EventId = -1,
                Timestamp = UniqueEventTimestamp(),
                EventRaised = new EventRaisedEvent { Name = request.Name, Input = request.Input },
            });
            Pump();
            Changed();
        }

        return new RaiseEventResponse();
    }

    private async Task<IMessage> TerminateAsync(string appId, TerminateRequest request, CancellationToken cancellationToken)
    {
        var instance = AddControlEvent(appId, request.InstanceId, "failed to submit termination request: ", new HistoryEvent
        {
            ExecutionTerminated = new ExecutionTerminatedEvent { Input = request.Output, Recurse = request.Recursive },
        });
        // dapr/durabletask-go backend/executor.go TerminateInstance waits for the instance to complete.
        await WaitForAsync(() => instance.IsTerminal ? instance : null, cancellationToken).ConfigureAwait(false);
        return new TerminateResponse();
    }

    private async Task<IMessage> SuspendAsync(string appId, SuspendRequest request, CancellationToken cancellationToken)
    {
        var instance = AddControlEvent(appId, request.InstanceId, string.Empty, new HistoryEvent
        {
            ExecutionSuspended = new ExecutionSuspendedEvent { Input = string.IsNullOrEmpty(request.Reason) ? null : request.Reason },
        });
        // dapr/durabletask-go backend/executor.go SuspendInstance waits for SUSPENDED or a terminal status.
        await WaitForAsync(() => instance.Status == OrchestrationStatus.Suspended || instance.IsTerminal ? instance : null, cancellationToken)
            .ConfigureAwait(false);
        return new SuspendResponse();
    }

    private async Task<IMessage> ResumeAsync(string appId, ResumeRequest request, CancellationToken cancellationToken)
    {
        var instance = AddControlEvent(appId, request.InstanceId, string.Empty, new HistoryEvent
        {
            ExecutionResumed = new ExecutionResumedEvent { Input = string.IsNullOrEmpty(request.Reason) ? null : request.Reason },
        });
        // dapr/durabletask-go backend/executor.go ResumeInstance waits for RUNNING or a terminal status.
        await WaitForAsync(() => instance.Status == OrchestrationStatus.Running || instance.IsTerminal ? instance : null, cancellationToken)
            .ConfigureAwait(false);
        return new ResumeResponse();
    }

    private SidecarInstance AddControlEvent(string appId, string instanceId, string errorPrefix, HistoryEvent control)
    {
        lock (_gate)
        {
            // dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go AddNewWorkflowEvent -> dapr/dapr
            // pkg/actors/targets/workflow/orchestrator/add.go addWorkflowEvent: no state = ErrInstanceNotFound.
            var instance = Find(appId, instanceId) ?? throw NoSuchInstance(errorPrefix);
            control.EventId = -1;
            control.Timestamp = NowTimestamp();
            AddToInbox(instance, control);
            Pump();
            Changed();
            return instance;
        }
    }

    private PurgeInstancesResponse PurgeInstances(string appId, PurgeInstancesRequest request)
    {
        const string prefix = "failed to purge workflow state: ";
        if (request.RequestCase == PurgeInstancesRequest.RequestOneofCase.PurgeInstanceFilter)
        {
            // dapr/durabletask-go backend/executor.go PurgeInstances.
            throw new RpcException(new Status(StatusCode.Unknown, "multi-instance purge is not implemented"));
        }

        lock (_gate)
        {
            var instance = Find(appId, request.InstanceId);
            var force = request.HasForce && request.Force;
            // dapr/durabletask-go backend/backend.go purgeWorkflowState (the SDK always asks for a recursive purge): an
            // unknown instance or one without history is not found; one not completed is refused unless forced.
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/state.go purgeWorkflowState refuses a running instance
            // the same way.
            if (instance is null)
            {
                throw new RpcException(new Status(StatusCode.Unknown,
                    prefix + (request.Recursive ? "failed to fetch workflow state: " : string.Empty) + "no such instance exists"));
            }

            if (request.Recursive && instance.History.Count == 0)
            {
                throw new RpcException(new Status(StatusCode.Unknown, prefix + "no such instance exists"));
            }

            if (!force && !instance.IsCompleted)
            {
                throw new RpcException(new Status(StatusCode.Unknown, prefix + "orchestration has not yet completed"));
            }

            // dapr/dapr pkg/actors/targets/workflow/orchestrator/state.go cleanupWorkflowStateInternal / dapr/dapr
            // pkg/runtime/wfengine/backends/actors/actors.go purgeWorkflowForce: state and reminders go.
            _instances.Remove(instance);
            CancelTimersOf(instance);
            if (force)
            {
                _activities.RemoveAll(a => a.Owner == instance && a.Stream is null);
            }

            Changed();
            return new PurgeInstancesResponse { DeletedInstanceCount = 1 };
        }
    }

    private ListInstanceIDsResponse ListInstanceIds(string appId, ListInstanceIDsRequest request)
    {
        // dapr/dapr pkg/runtime/wfengine/state/list/list.go: the keys of this app's workflow actors, paged by the state
        // store (its continuation token is the store's; here it is the offset of the next page).
        lock (_gate)
        {
            var ids = _instances.Where(i => i.AppId == appId).Select(i => i.InstanceId).ToList();
            var start = 0;
            if (request.HasContinuationToken && !int.TryParse(request.ContinuationToken, NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"invalid continuation token '{request.ContinuationToken}'"));
            }

            var size = request.HasPageSize && request.PageSize > 0 ? (int)request.PageSize : int.MaxValue;
            var page = ids.Skip(start).Take(size).ToList();
            var response = new ListInstanceIDsResponse { InstanceIds = { page } };
            if (start + page.Count < ids.Count)
            {
                response.ContinuationToken = (start + page.Count).ToString(CultureInfo.InvariantCulture);
            }

            return response;
        }
    }

    private GetInstanceHistoryResponse GetInstanceHistory(string appId, GetInstanceHistoryRequest request)
    {
        lock (_gate)
        {
            // dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go GetInstanceHistory: the committed history, or
            // NotFound.
            var instance = Find(appId, request.InstanceId)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"workflow instance '{request.InstanceId}' not found"));
            return new GetInstanceHistoryResponse { Events = { instance.History } };
        }
    }

    // dapr/durabletask-go backend/executor.go createGetInstanceResponse over dapr/dapr
    // pkg/runtime/wfengine/backends/actors/actors.go GetWorkflowMetadata (dapr/durabletask-go
    // backend/runtimestate/runtimestate.go Name/CreatedTime/LastUpdatedTime/GetStartedTime): payloads and custom status
    // only when asked for.
    private static GetInstanceResponse InstanceResponse(SidecarInstance instance, bool withPayloads)
    {
        var startEvent = instance.History.Find(e => e.ExecutionStarted is not null);
        var completed = instance.CompletedEvent;
        var state = new WorkflowState
        {
            InstanceId = instance.InstanceId,
            Name = startEvent?.ExecutionStarted.Name ?? string.Empty,
            WorkflowStatus = instance.Status,
            CreatedTimestamp = startEvent?.Timestamp ?? ZeroTime,
            LastUpdatedTimestamp = startEvent is null ? ZeroTime : instance.History[^1].Timestamp,
        };
        if (instance.History.Count > 0)
        {
            state.StartedAt = instance.History[0].Timestamp;
        }

        if (withPayloads)
        {
            state.Input = startEvent?.ExecutionStarted.Input;
            state.CustomStatus = instance.CustomStatus;
            state.Output = completed?.Result;
            state.FailureDetails = completed?.FailureDetails;
        }

        return new GetInstanceResponse { Exists = true, WorkflowState = state };
    }

    // A call that waits (StartInstance, WaitForInstance*, Terminate/Suspend/Resume) fails after SafetyTimeout of real
    // time with a dump of the sidecar, so a test that would hang fails instead.
    private async Task<T> WaitForAsync<T>(Func<T?> probe, CancellationToken cancellationToken)
        where T : class
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SafetyTimeout);
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                Pump();
                if (probe() is { } result)
                {
                    return result;
                }

                signal = _changed.Task;
            }

            try
            {
                await signal.WaitAsync(bound.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
            }
            catch (OperationCanceledException)
            {
                throw new RpcException(new Status(StatusCode.Internal,
                    $"The in-memory workflow sidecar waited {SafetyTimeout} of real time for this call to be answerable.\n{Describe()}"));
            }
        }
    }

    private Timestamp UniqueEventTimestamp()
    {
        var timestamp = NowTimestamp();
        if (_lastExternalEventTimestamp is { } last && timestamp <= last)
        {
            timestamp = last + new Duration { Nanos = 1 };
        }

        _lastExternalEventTimestamp = timestamp;
        return timestamp;
    }

    // dapr/durabletask-go api/errors.go ErrInstanceNotFound, as daprd returns it (a plain error: gRPC code Unknown).
    private static RpcException NoSuchInstance(string prefix) =>
        new(new Status(StatusCode.Unknown, prefix + "no such instance exists"));
}
