using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RecruitRegistry.Platform.Data;
using RecruitRegistry.Platform.Errors;
using RecruitRegistry.Platform.Health;
using RecruitRegistry.Platform.Messaging;
using RecruitRegistry.Platform.Security;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>
/// What every RecruitRegistry host shares: the bus, gRPC, security, health and telemetry (<see cref="AddPlatform"/>,
/// <see cref="MapPlatform"/>). Hosts compose services with <see cref="ServiceModules.AddServices"/>, which calls
/// <see cref="AddPlatform"/> once with every service's consumers: one bus per process.
/// </summary>
public static partial class PlatformExtensions
{
    public static IHostApplicationBuilder AddPlatform(this IHostApplicationBuilder builder, params Action<IBusRegistrationConfigurator>[] consumers)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxMessageTypes>();
        services.TryAddSingleton<BusActivityMonitor>();
        services.TryAddSingleton<BrokerReadiness>();
        services.AddValidatedSettings<PlatformOptions, PlatformOptionsValidator>(PlatformOptions.Section);
        services.AddValidatedSettings<OutboxOptions, OutboxOptionsValidator>(OutboxOptions.Section);

        var transport = builder.Configuration.GetSection(PlatformOptions.Section).Get<PlatformOptions>()?.Transport ?? BusTransport.InMemory;
        if (transport == BusTransport.RabbitMq)
        {
            services.AddSingleton<ErrorQueueMonitor>();
            services.AddHostedService(sp => sp.GetRequiredService<ErrorQueueMonitor>());
        }

        services.AddMassTransit(bus =>
        {
            foreach (var add in consumers)
            {
                add(bus);
            }

            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var options = context.GetRequiredService<IOptions<PlatformOptions>>().Value;
                // While the service's database is away a message waits and is tried again, 1 s growing to 5 s apart (so it
                // is applied within 5 s of the database's return), about ten minutes by default: a PostgreSQL restart
                // under load outlasts the quick retries below, and no message may go to the _error queue for that.
                // Other failures get the quick retries, then _error.
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(DatabaseUnavailable.Is);
                    r.Exponential(options.DatabaseOutageRetryLimit, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1));
                });
                endpoint.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(DatabaseUnavailable.Is);
                    r.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                });
                endpoint.ConnectReceiveEndpointObserver(context.GetRequiredService<BrokerReadiness>());
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                    rabbit.PrefetchCount = Math.Max(rabbit.PrefetchCount, options.PrefetchCount); // a batch consumer may need more
                }
            });

            if (transport == BusTransport.RabbitMq)
            {
                bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.ConnectReceiveEndpointObserver(context.GetRequiredService<ErrorQueueMonitor>()));
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    var options = context.GetRequiredService<IOptions<PlatformOptions>>().Value.RabbitMq;
                    rabbit.Host(options.Host, (ushort)options.Port, options.VirtualHost, host =>
                    {
                        host.Username(options.Username);
                        host.Password(options.Password);
                        host.PublisherConfirmation = true;
                    });
                    rabbit.ConnectReceiveObserver(context.GetRequiredService<BusActivityMonitor>());
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) =>
                {
                    memory.ConnectReceiveObserver(context.GetRequiredService<BusActivityMonitor>());
                    memory.ConfigureEndpoints(context);
                });
            }
        });

        // Without this the host reports started before receive endpoints declared their queues and bindings, and
        // RabbitMQ drops what is published to an exchange nobody is bound to yet.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromMinutes(2);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddGrpc(o => o.Interceptors.Add<DomainExceptionInterceptor>())
            .AddJsonTranscoding(o => o.TypeRegistry = Google.Protobuf.Reflection.TypeRegistry.FromMessages(
                Google.Rpc.BadRequest.Descriptor, Google.Rpc.ErrorInfo.Descriptor)); // error details, written as JSON
        CheckedMethodProvider.Replace(services); // a request that is no protobuf message: INVALID_ARGUMENT, not UNKNOWN
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o => o.Services.Map("", _ => true));
        services.AddPlatformSecurity();
        services.AddClientEdge();
        builder.AddPlatformTelemetry();
        return builder;
    }

    /// <summary>
    /// Registers a service's own database type with its migrations (run before anything else starts), its outbox
    /// relay and a health check that the gRPC health service reports under the service's full name.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDatabase>(this IHostApplicationBuilder builder, string name, string grpcServiceName)
        where TDatabase : ServiceDatabase
    {
        var services = builder.Services;
        services.AddSingleton<TDatabase>();
        services.AddHostedService<MigrationHostedService<TDatabase>>();
        services.AddHostedService<OutboxRelay<TDatabase>>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TDatabase>>(name + "-database", tags: [name]);
        services.Configure<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>(o =>
            o.Services.Map(grpcServiceName, r => r.Tags.Contains(name) || r.Tags.Contains("masstransit")));
        return builder;
    }

    /// <summary>
    /// A consumer on its own queue, "service.event-name" (one queue per consumer per service), so two services
    /// consuming one event each get every copy.
    /// </summary>
    public static IConsumerRegistrationConfigurator<T> AddServiceConsumer<T>(this IBusRegistrationConfigurator bus, string service)
        where T : class, IConsumer
    {
        var consumer = bus.AddConsumer<T>();
        consumer.Endpoint(e => e.Name = QueueName<T>(service));
        return consumer;
    }

    /// <summary>
    /// A <see cref="InboxBatchConsumer{TMessage,TDatabase}"/> on the service's queue for it, with the batch limits of
    /// <see cref="PlatformOptions"/> (the endpoint's prefetch is raised to hold the batches).
    /// </summary>
    public static IConsumerRegistrationConfigurator<T> AddServiceBatchConsumer<T>(this IBusRegistrationConfigurator bus, string service)
        where T : class, IConsumer
    {
        var consumer = bus.AddConsumer<T>((context, configurator) =>
        {
            var options = context.GetRequiredService<IOptions<PlatformOptions>>().Value;
            configurator.Options<BatchOptions>(batch => batch
                .SetMessageLimit(options.BatchMessageLimit)
                .SetTimeLimit(options.BatchTimeLimit)
                .SetConcurrencyLimit(options.BatchConcurrency));
        });
        consumer.Endpoint(e => e.Name = QueueName<T>(service));
        return consumer;
    }

    public static string QueueName<T>(string service)
    {
        var name = typeof(T).Name;
        if (name.EndsWith("Consumer", StringComparison.Ordinal))
        {
            name = name[..^"Consumer".Length];
        }

        return service + "." + WordBoundary().Replace(name, "-$1").ToLowerInvariant();
    }

    public static WebApplication MapPlatform(this WebApplication app)
    {
        app.UseForwardedClientAddress();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        if (app.Services.GetRequiredService<IOptions<PlatformOptions>>().Value.GrpcReflection ?? app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        app.MapGrpcHealthChecksService();

        // For probes over plain HTTP (a load balancer, Kubernetes): alive, and ready (every database and receive
        // endpoint healthy). Never rate-limited: a probe is anonymous.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthJson.WriteAsync })
            .DisableRateLimiting();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = HealthJson.WriteAsync })
            .DisableRateLimiting();
        return app;
    }

    private static void AddPlatformSecurity(this IServiceCollection services)
    {
        services.AddValidatedSettings<AuthOptions, AuthOptionsAnnotationsValidator>(AuthOptions.Section);
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        WithoutDataProtectionAtStartup(services);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var options = auth.Value;
                jwt.MapInboundClaims = false;
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var problem = context.SecurityToken is JsonWebToken token ? CallerClaims.PayloadProblem(token.EncodedPayload) : null;
                        if (problem is not null || CallerClaims.Read(context.Principal!, out problem) is null)
                        {
                            context.Fail(problem!);
                        }

                        return Task.CompletedTask;
                    },
                };
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    NameClaimType = Claims.Subject,
                    RoleClaimType = Claims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
                else
                {
                    jwt.TokenValidationParameters.IssuerSigningKey = SigningKeys.Resolve(options);
                }
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Authenticated, p => p.RequireAuthenticatedUser().RequireClaim(Claims.Role, Roles.All))
            .AddPolicy(Policies.Authority, p => p.RequireClaim(Claims.Role, Roles.Authority).RequireClaim(Claims.Country))
            .AddPolicy(Policies.Auditor, p => p.RequireClaim(Claims.Role, Roles.Auditor).RequireClaim(Claims.Country))
            .AddPolicy(Policies.Agency, p => p.RequireClaim(Claims.Role, Roles.Agency).RequireClaim(Claims.AgencyId))
            .AddPolicy(Policies.AuthorityOrAuditor, p => p.RequireClaim(Claims.Role, Roles.Authority, Roles.Auditor).RequireClaim(Claims.Country));
    }

    /// <summary>
    /// <c>AddAuthentication</c> brings ASP.NET Core data protection, which bearer tokens never use, with a hosted service
    /// that reads the XML key ring at every start (and writes one into the home directory on a first start), keeping that
    /// code resident for nothing. Data protection still works if something asks for it later.
    /// </summary>
    private static void WithoutDataProtectionAtStartup(IServiceCollection services)
    {
        var dataProtection = typeof(Microsoft.AspNetCore.DataProtection.DataProtectionOptions).Assembly;
        var warmUp = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == dataProtection).ToList();
        warmUp.ForEach(d => services.Remove(d));
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordBoundary();
}
