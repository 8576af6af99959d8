using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vigie.Domain;
using Vigie.Domain.Contacts;
using Vigie.Receiver;
using Vigie.Station.Simulator;

namespace Vigie.Station.Api;

public static partial class StationEndpoints
{
    /// <summary>
    /// SIMULATOR: the development telephony's phones and the simulated mailbox, only when the station runs them for people
    /// to use (Engine:SimulatorApi, on in `vigie demo`): a station in service has no such routes.
    /// </summary>
    private static void MapSimulator(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        if (app.ServiceProvider.GetService(typeof(StationOptions)) is not StationOptions { SimulatorApi: true })
        {
            return;
        }
        api.MapGet("/simulator/calls", (SimulatedTelephony phones) => Results.Json(phones.Ringing(), DomainJson.Options))
            .Access(ApiAudience.Simulator, "Simulated telephony: calls ringing (staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/simulator/outbox", (SimulatedTelephony phones, SimulatedMailbox mail) =>
            Results.Json(new { messages = phones.Outbox(), emails = mail.Sent() }, DomainJson.Options))
            .Access(ApiAudience.Simulator, "Simulated telephony: messages and emails sent (staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/simulator/calls/answer", async (HttpRequest request, SimulatedTelephony phones) =>
        {
            var (body, problem) = await Read<PhoneRequest>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (ChoiceOf(body!, out var which) is { } wrong)
            {
                return wrong;
            }
            if (body!.Dtmf is not { Length: > 0 } dtmf || !dtmf.All(c => char.IsAsciiDigit(c) || c is '#' or '*'))
            {
                return BadRequest("dtmf", "dtmf: the keys typed (digits, # and *), e.g. 1234 or 1234#9");
            }
            var answer = await phones.AnswerAsync(which, dtmf, CancellationToken.None);
            return answer.Refusal is { } refusal ? RefusalProblem.Of(refusal) : Results.Json(answer, DomainJson.Options);
        })
            .Access(ApiAudience.Simulator, "Simulated telephony: answer a call (by its id, or its number when only one rings there) and type keys (staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<PhoneRequest>("application/json");
        api.MapPost("/simulator/calls/reject", async (HttpRequest request, SimulatedTelephony phones) =>
        {
            var (body, problem) = await Read<PhoneRequest>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (ChoiceOf(body!, out var which) is { } wrong)
            {
                return wrong;
            }
            var answer = await phones.RejectAsync(which, CancellationToken.None);
            return answer.Refusal is { } refusal ? RefusalProblem.Of(refusal) : Results.Json(answer, DomainJson.Options);
        })
            .Access(ApiAudience.Simulator, "Simulated telephony: reject a call (by its id, or its number when only one rings there; staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<PhoneRequest>("application/json");
    }

    /// <summary>The call a request means: "call" (its id) or "number", exactly one of them.</summary>
    private static IResult? ChoiceOf(PhoneRequest body, out CallChoice which)
    {
        which = new CallChoice(null, null);
        if (body.Call is { } id)
        {
            if (body.Number is not null)
            {
                return BadRequest("call", "call: give the call's id or its number, not both");
            }
            if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return BadRequest("call", "call: a call's id as `GET /simulator/calls` lists it, e.g. DEMO-1-0001-C01");
            }
            which = CallChoice.Id(id);
            return null;
        }
        if (!PhoneNumber.TryParse(body.Number, out var number, out var refused, "number"))
        {
            return RefusalProblem.Of(refused);
        }
        which = CallChoice.At(number);
        return null;
    }
}
