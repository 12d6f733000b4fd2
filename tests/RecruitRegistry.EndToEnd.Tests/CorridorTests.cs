using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Testing;
using AuditsApi = RecruitRegistry.Contracts.FeeAudits.V1;
using ContractsApi = RecruitRegistry.Contracts.WorkerContracts.V1;

namespace RecruitRegistry.EndToEnd.Tests;

/// <summary>
/// The corridor's story across the three service processes: what each service shows agrees at every step, and the
/// corridor digests of all three are equal.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CorridorTests(Servers servers) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private DistributedSystem system = null!;
    private CorridorScenario given = null!;

    public async Task InitializeAsync()
    {
        system = await DistributedSystem.StartAsync(servers);
        given = new CorridorScenario(system);
    }

    public async Task DisposeAsync() => await system.DisposeAsync();

    private Task AllAgreeAsync() => system.ConvergedAsync("NP", "QA", Deadline);

    [Fact]
    public async Task Nepal_and_Qatar_see_one_picture_from_the_opening_of_the_corridor_to_a_suspension_overturned_on_appeal()
    {
        // Nepal and Qatar open the corridor; Nepal licenses an agency and Qatar accredits it.
        await given.OpenCorridorAsync(threshold: 3);
        var agency = await given.RegisterAgencyAsync();
        var (licence, _) = await given.LicenseAsync(agency);
        await AllAgreeAsync();

        // The agency registers contracts for women and men, in domestic work and construction; two charge a service
        // fee: NPR 15,000 is above Nepal's NPR 10,000 cap, and NPR 8,000 is within it but breaks Qatar's Art. 33.
        var womanDomestic = await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.DomesticWork, serviceFee: null);
        var manConstruction = await given.RegisterAsync(agency, ContractsApi.Sex.M, Sector.Construction, serviceFee: null);
        var womanConstruction = await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.Construction, serviceFee: null);
        var overCap = await given.RegisterAsync(agency, ContractsApi.Sex.M, Sector.DomesticWork, serviceFee: "15000.00");
        var underCap = await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.Construction, serviceFee: "8000.00");

        // FeeAudits audits each one.
        foreach (var compliant in new[] { womanDomestic, manConstruction, womanConstruction })
        {
            Assert.Equal(ContractsApi.AuditOutcome.Compliant, (await given.AuditOfAsync(compliant.ContractId)).Outcome);
        }

        var overCapAudit = await given.AuditOfAsync(overCap.ContractId);
        Assert.Equal(ContractsApi.AuditOutcome.Violation, overCapAudit.Outcome);
        Assert.Contains(overCapAudit.Findings, f => f.Excess.CurrencyCode == "NPR" && f.Excess.Amount is "5000.00" or "15000.00");
        Assert.Equal(ContractsApi.AuditOutcome.Violation, (await given.AuditOfAsync(underCap.ContractId)).Outcome);
        await AllAgreeAsync();

        // A worker verifies her contract: the registered terms, the agency's licence as Licensing has it, the audit.
        var verify = new ContractsApi.VerifyContractRequest { Reference = womanDomestic.Reference, VerificationCode = womanDomestic.VerificationCode };
        var verified = await Eventually.Until(
            () => system.Contracts.VerifyContractAsync(verify).ResponseAsync,
            v => v.Contract.AuditOutcome == ContractsApi.AuditOutcome.Compliant, Deadline, "the worker to see her audit");
        Assert.Equal(womanDomestic.TermsFingerprint, verified.Contract.TermsFingerprint);
        Assert.Equal((await given.LicenceAsync(licence)).State, verified.AgencyLicenceState);
        Assert.Equal(licence.Number, verified.AgencyLicenceNumber);

        // Her contract ends and she goes home; there she reports what she really paid a sub-agent.
        await system.Contracts.TerminateContractAsync(new ContractsApi.TerminateContractRequest
        {
            ContractId = womanDomestic.ContractId, ExpectedVersion = verified.Contract.Version, Termination = ContractsApi.ContractStatus.Completed,
            EndedOn = CorridorScenario.Day(CorridorScenario.Today), Reason = "Contract served; the worker returned home",
            LegalBasis = "Foreign Employment Act 2064, s.75",
        }, system.Authority("NP"));
        await system.Contracts.ReportFeesPaidAsync(new ContractsApi.ReportFeesPaidRequest
        {
            Reference = womanDomestic.Reference, VerificationCode = womanDomestic.VerificationCode,
            FeesPaid = { new ContractsApi.Fee { Category = ContractsApi.FeeCategory.RecruitmentService, Amount = CorridorScenario.Money("NPR", "85000.00"), Payee = "sub-agent in Nepalgunj" } },
            Account = "Paid in cash to the sub-agent before the medical; the contract shows no fee.",
        });

        // Three cases: the two automatic ones and the worker's report.
        var cases = await Eventually.Until(() => given.CasesAsync(), c => c.Count == 3, Deadline, "three cases");
        Assert.Equal(
            new[] { $"AutomaticAudit {overCap.ContractId}", $"AutomaticAudit {underCap.ContractId}", $"WorkerReport {womanDomestic.ContractId}" }.Order(),
            cases.Select(c => $"{c.Origin} {c.ContractId}").Order());
        await AllAgreeAsync();
        var workerCases = new ContractsApi.ListWorkerCasesRequest { Reference = womanDomestic.Reference, VerificationCode = womanDomestic.VerificationCode };
        var reported = cases.Single(c => c.Origin == AuditsApi.CaseOrigin.WorkerReport);
        Assert.Equal(AuditsApi.CaseState.Open, (await system.Contracts.ListWorkerCasesAsync(workerCases)).Cases.Single().State);

        // Qatar's auditor confirms them one after another; the third reaches the corridor's threshold.
        var confirmed = new List<AuditsApi.Case>();
        foreach (var c in cases.OrderBy(c => c.Origin))
        {
            confirmed.Add(await given.ConfirmAsync(c, c.Excess ?? CorridorScenario.Money("NPR", "85000.00")));
            var record = await Eventually.Until(
                () => system.Licensing.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = agency.Id }, system.Authority("NP")).ResponseAsync,
                r => r.ConfirmedViolationsInWindow == confirmed.Count, Deadline, $"Licensing to count {confirmed.Count} confirmed violations");
            Assert.Equal(confirmed.Select(x => x.Id).Order(), record.CaseIds.Order());
        }

        var suspended = await Eventually.Until(() => given.LicenceAsync(licence), l => l.State == LicenceState.Suspended, Deadline, "the automatic suspension");
        var suspension = (await system.Licensing.ListLicenceHistoryAsync(new GetLicenceRequest { LicenceId = licence.Id }, system.Authority("NP"))).Decisions.Last();
        Assert.Equal((DecisionKind.Suspend, "system"), (suspension.Kind, suspension.Metadata.Actor));
        await AllAgreeAsync();

        // The worker sees her case confirmed and the refund ordered; the next registration is refused with
        // Licensing's own words.
        var seen = (await system.Contracts.ListWorkerCasesAsync(workerCases)).Cases.Single();
        Assert.Equal((reported.Id, AuditsApi.CaseState.Confirmed, AuditsApi.RefundState.Ordered), (seen.CaseId, seen.State, seen.RefundState));
        var refused = await Assert.ThrowsAsync<RpcException>(() => given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.DomesticWork, serviceFee: null));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var check = await system.Licensing.CheckAuthorizationAsync(new CheckAuthorizationRequest
        {
            AgencyId = agency.Id, OriginCountry = "NP", DestinationCountry = "QA", Sector = Sector.DomesticWork,
            OnDate = CorridorScenario.Day(CorridorScenario.Today.AddDays(30)),
        });
        Assert.False(check.Authorized);
        Assert.Equal(check.Reasons, Reasons(refused));
        Assert.Contains(check.Reasons, r => r.Contains("SUSPENDED", StringComparison.Ordinal));
        Assert.Equal(LicenceState.Suspended, (await system.Contracts.VerifyContractAsync(verify)).AgencyLicenceState);

        // The agency appeals the confirmation of the NPR 8,000 case; Nepal's auditor overturns it: two confirmed
        // violations remain, below the threshold, and Licensing lifts its automatic suspension.
        var appealedCase = confirmed.Single(c => c.ContractId == underCap.ContractId);
        var appealed = await system.Audits.AppealCaseAsync(
            CorridorScenario.Decision(appealedCase, "The fee was refunded to the worker before departure"), system.Agency(agency.Id));
        var overturned = await system.Audits.DecideCaseAppealAsync(new AuditsApi.DecideCaseAppealRequest
        {
            Decision = CorridorScenario.Decision(appealed, "Bank records show the refund before departure"), Overturn = true,
        }, system.Auditor("NP"));
        Assert.Equal(AuditsApi.CaseState.AppealOverturned, overturned.State);
        var reinstated = await Eventually.Until(() => given.LicenceAsync(licence), l => l.State == LicenceState.Active, Deadline, "the reinstatement");
        Assert.Equal(suspended.Version + 1, reinstated.Version);
        Assert.Equal(2, (await system.Licensing.GetComplianceRecordAsync(new GetAgencyRequest { AgencyId = agency.Id }, system.Authority("NP"))).ConfirmedViolationsInWindow);
        await AllAgreeAsync();

        // WorkerContracts has the reinstated licence: the agency registers again, and the worker sees it active.
        var again = await Eventually.Until(
            async () =>
            {
                try
                {
                    return await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.DomesticWork, serviceFee: null);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                {
                    return null;
                }
            },
            r => r is not null, Deadline, "registration to be allowed again");
        Assert.Equal(ContractsApi.AuditOutcome.Compliant, (await given.AuditOfAsync(again!.ContractId)).Outcome);
        Assert.Equal(LicenceState.Active, (await system.Contracts.VerifyContractAsync(verify)).AgencyLicenceState);
        await AllAgreeAsync();
    }

    [Fact]
    public async Task The_portal_host_shows_a_worker_her_contract_from_the_three_service_processes()
    {
        await given.OpenCorridorAsync();
        var agency = await given.RegisterAgencyAsync();
        await given.LicenseAsync(agency);
        await AllAgreeAsync();
        var contract = await given.RegisterAsync(agency, ContractsApi.Sex.F, Sector.DomesticWork, serviceFee: null);

        // The portal in its own process, calling the three hosts' gRPC ports, as scripts/run-distributed.sh starts it.
        var site = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        await using var portal = await ChildProcess.StartAsync(
            ChildProcess.BuiltDll(Path.Combine("services", "Portal", "RecruitRegistry.Portal.Host"), "RecruitRegistry.Portal.Host"),
            [
                $"--Kestrel:Endpoints:Http:Url={site}",
                $"--Portal:Licensing=http://127.0.0.1:{system.LicensingProcess.GrpcPort}",
                $"--Portal:WorkerContracts=http://127.0.0.1:{system.ContractsProcess.GrpcPort}",
                $"--Portal:FeeAudits=http://127.0.0.1:{system.AuditsProcess.GrpcPort}",
            ],
            readyLine: "Application started");
        using var http = new HttpClient { BaseAddress = site };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ne-NP");

        // The form (its antiforgery token and cookie), then the worker's reference and code posted.
        var form = await http.GetStringAsync(new Uri($"/verify/{contract.Reference}", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var answer = await http.PostAsync(new Uri("/verify", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["af"] = token, ["Reference"] = contract.Reference, ["Code"] = contract.VerificationCode,
        }));
        var page = await answer.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("<html lang=\"ne\" dir=\"ltr\">", page, StringComparison.Ordinal);
        Assert.Contains(contract.Reference, page, StringComparison.Ordinal);
        Assert.Contains(CorridorScenario.AgencyName, page, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_console_host_signs_an_officer_in_and_shows_the_corridor_from_the_three_service_processes()
    {
        await given.OpenCorridorAsync();
        var agency = await given.RegisterAgencyAsync();
        await given.LicenseAsync(agency);

        // The console in its own process, as scripts/run-distributed.sh starts it: Development (its development sign-in),
        // signing each call with the run's key.
        var site = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        await using var console = await ChildProcess.StartAsync(
            ChildProcess.BuiltDll(Path.Combine("services", "Console", "RecruitRegistry.AuthorityConsole.Host"), "RecruitRegistry.AuthorityConsole.Host"),
            [
                "--environment=Development",
                $"--Auth:SigningKey={system.Keys.Signing}",
                $"--Kestrel:Endpoints:Http:Url={site}",
                $"--Console:Licensing=http://127.0.0.1:{system.LicensingProcess.GrpcPort}",
                $"--Console:WorkerContracts=http://127.0.0.1:{system.ContractsProcess.GrpcPort}",
                $"--Console:FeeAudits=http://127.0.0.1:{system.AuditsProcess.GrpcPort}",
            ],
            readyLine: "Application started");
        // Cookies by hand: the sign-in cookie is Secure, which .NET's cookie container keeps off plain HTTP (browsers
        // treat loopback as secure).
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = site };
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }

        var form = await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console/sign-in"))).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/console/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["af"] = token, ["OfficerRole"] = "authority", ["OfficerCountry"] = "NP", ["Name"] = "Clerk of the distributed run",
            }),
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("recruit.console", cookies.Keys);

        var corridors = await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console"))).Content.ReadAsStringAsync();
        Assert.Contains("href=\"/console/corridors/NP-QA\"", corridors, StringComparison.Ordinal);
        var agencies = await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/console/agencies?q=Himalayan"))).Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(CorridorScenario.AgencyName), agencies, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>The refusal's licensing reasons, as CheckAuthorization words them.</summary>
    private static List<string> Reasons(RpcException refusal) =>
        refusal.GetRpcStatus()!.GetDetail<Google.Rpc.PreconditionFailure>()!.Violations.Select(v => v.Description).ToList();
}
