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
            if (!PhoneNumber.TryParse(body!.Number, out var number, out var refused, "number"))
            {
                return RefusalProblem.Of(refused);
            }
            if (body.Dtmf is not { Length: > 0 } dtmf || !dtmf.All(c => char.IsAsciiDigit(c) || c is '#' or '*'))
            {
                return BadRequest("dtmf", "dtmf: the keys typed (digits, # and *), e.g. 1234 or 1234#9");
            }
            var answer = await phones.AnswerAsync(number, dtmf, CancellationToken.None);
            return answer.IncidentId is null ? NotFound(answer.Problem!) : Results.Json(answer, DomainJson.Options);
        })
            .Access(ApiAudience.Simulator, "Simulated telephony: answer a call and type keys (staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<PhoneRequest>("application/json");
        api.MapPost("/simulator/calls/reject", async (HttpRequest request, SimulatedTelephony phones) =>
        {
            var (body, problem) = await Read<PhoneRequest>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (!PhoneNumber.TryParse(body!.Number, out var number, out var refused, "number"))
            {
                return RefusalProblem.Of(refused);
            }
            var answer = await phones.RejectAsync(number, CancellationToken.None);
            return answer.IncidentId is null ? NotFound(answer.Problem!) : Results.Json(answer, DomainJson.Options);
        })
            .Access(ApiAudience.Simulator, "Simulated telephony: reject a call (staff, or the run's simulator credential)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .Accepts<PhoneRequest>("application/json");
    }
}
