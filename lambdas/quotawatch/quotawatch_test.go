package quotawatch_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/strangler-fig/strangler/lambdas/quotawatch"
)

func TestRunPublishesEveryQuota(t *testing.T) {
	f := newFakes(t)
	var logs bytes.Buffer
	ms, err := f.watcher(fullConfig, &logs).Run(context.Background())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}

	ts := "2026-01-01T00:05:30Z"
	want := []string{
		// peak 410 of the 1000 applied quota
		"Test/Quotas Utilization Quota=LambdaConcurrency 41 Percent " + ts,
		"Test/Quotas Usage Quota=LambdaConcurrency 410 Count " + ts,
		"Test/Quotas Limit Quota=LambdaConcurrency 1000 Count " + ts,
		// 1000 - 600 unreserved = 400 reserved, of the 900 reservable
		"Test/Quotas Utilization Quota=LambdaReservedConcurrency 44.4444 Percent " + ts,
		"Test/Quotas Usage Quota=LambdaReservedConcurrency 400 Count " + ts,
		"Test/Quotas Limit Quota=LambdaReservedConcurrency 900 Count " + ts,
		// every interface in the Region, 5 + 4 on two pages, of the 5000 default quota
		"Test/Quotas Utilization Quota=NetworkInterfaces 0.18 Percent " + ts,
		"Test/Quotas Usage Quota=NetworkInterfaces 9 Count " + ts,
		"Test/Quotas Limit Quota=NetworkInterfaces 5000 Count " + ts,
		// of which Lambda's in the VPC, 3 + 2, as a share of the same quota
		"Test/Quotas Utilization Quota=LambdaNetworkInterfaces 0.1 Percent " + ts,
		"Test/Quotas Usage Quota=LambdaNetworkInterfaces 5 Count " + ts,
		"Test/Quotas Limit Quota=LambdaNetworkInterfaces 5000 Count " + ts,
		// /19 = 8192 - 5 reserved = 8187 usable; 8000 and 1000 free; in SUBNET_IDS order
		"Test/Quotas Utilization Quota=SubnetAddresses,SubnetId=" + subnetA + " 2.2841 Percent " + ts,
		"Test/Quotas Usage Quota=SubnetAddresses,SubnetId=" + subnetA + " 187 Count " + ts,
		"Test/Quotas Limit Quota=SubnetAddresses,SubnetId=" + subnetA + " 8187 Count " + ts,
		"Test/Quotas Utilization Quota=SubnetAddresses,SubnetId=" + subnetB + " 87.7855 Percent " + ts,
		"Test/Quotas Usage Quota=SubnetAddresses,SubnetId=" + subnetB + " 7187 Count " + ts,
		"Test/Quotas Limit Quota=SubnetAddresses,SubnetId=" + subnetB + " 8187 Count " + ts,
		// stage */* 2000 rps of the 10000 rps account quota
		"Test/Quotas Utilization Quota=ApiGatewayThrottleRate 20 Percent " + ts,
		"Test/Quotas Usage Quota=ApiGatewayThrottleRate 2000 Count/Second " + ts,
		"Test/Quotas Limit Quota=ApiGatewayThrottleRate 10000 Count/Second " + ts,
	}
	got := published(t, f.cloudwatch)
	if !slices.Equal(got, want) {
		t.Errorf("published metrics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(ms) != 7 {
		t.Errorf("Run returned %d measurements, want 7: %+v", len(ms), ms)
	}
	if n := len(f.cloudwatch.recorded()); n != 2 {
		t.Errorf("CloudWatch got %d requests, want GetMetricData and one PutMetricData", n)
	}

	// Service Quotas: applied values, and the default for the VPC quota
	// (NoSuchResourceException: never changed in this account).
	if got, want := sortedCopy(f.quotas.keys()), []string{keyLambdaQuota, keyApiQuota, keyVpcDefault, keyVpcQuota}; !slices.Equal(got, sortedCopy(want)) {
		t.Errorf("Service Quotas requests %q, want %q", got, want)
	}
	// Each client signs for its own service (what IAM authorises).
	for signer, api := range map[string]*fakeAPI{"servicequotas": f.quotas, "lambda": f.lambda, "ec2": f.ec2, "apigateway": f.apigw, "monitoring": f.cloudwatch} {
		for _, c := range api.recorded() {
			if c.Signer != signer {
				t.Errorf("%s request %q signed for %q, want %q", api.name, c.Key, c.Signer, signer)
			}
		}
	}

	// The concurrency query: Maximum per minute over the last 5 whole minutes.
	gmd := f.cloudwatch.recorded()[0]
	if gmd.Key != keyGetMetricData {
		t.Fatalf("first CloudWatch request %q, want GetMetricData", gmd.Key)
	}
	in := gmd.Params.(map[string]any)
	if in["StartTime"] != time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) || in["EndTime"] != time.Date(2026, 1, 1, 0, 5, 0, 0, time.UTC) {
		t.Errorf("GetMetricData from %v to %v, want 00:00 to 00:05", in["StartTime"], in["EndTime"])
	}
	q := in["MetricDataQueries"].([]any)[0].(map[string]any)
	stat := q["MetricStat"].(map[string]any)
	metric := stat["Metric"].(map[string]any)
	if metric["Namespace"] != "AWS/Lambda" || metric["MetricName"] != "ConcurrentExecutions" || stat["Stat"] != "Maximum" || stat["Period"] != 60.0 {
		t.Errorf("GetMetricData query %v, want AWS/Lambda ConcurrentExecutions Maximum per 60 s", q)
	}

	// The stage is read by id and name.
	if got := f.apigw.keys(); !slices.Equal(got, []string{keyStage}) {
		t.Errorf("API Gateway requests %q, want %q", got, keyStage)
	}
	// The subnets are asked for by id.
	for _, c := range f.ec2.recorded() {
		if c.Key == keySubnets {
			form := c.Params.(url.Values)
			if form.Get("SubnetId.1") != subnetA || form.Get("SubnetId.2") != subnetB {
				t.Errorf("DescribeSubnets asked for %v, want both subnets", form)
			}
		}
	}

	// One INFO line per measurement, no ERROR.
	var infos int
	for _, l := range logLines(t, &logs) {
		if l["level"] == "ERROR" {
			t.Errorf("unexpected error log: %v", l)
		}
		if l["msg"] == "quota utilisation" {
			infos++
		}
	}
	if infos != 7 {
		t.Errorf("%d utilisation log lines, want 7:\n%s", infos, logs.String())
	}
}

func TestNetworkInterfacesArePaginated(t *testing.T) {
	f := newFakes(t)
	c := quotawatch.Config{VpcID: vpcID}
	ms, err := f.watcher(c, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	calls := f.ec2.recorded()
	if len(calls) != 2 || calls[0].Key != keyENIs || calls[1].Key != keyENIsPage2 {
		t.Fatalf("EC2 requests %q, want the first page then the second with page 1's nextToken", f.ec2.keys())
	}
	// No filter (the quota counts every interface in the Region), the
	// largest page, nothing else.
	for i, c := range calls {
		form := c.Params.(url.Values)
		var params []string
		for k := range form {
			params = append(params, k)
		}
		want := []string{"Action", "MaxResults", "Version"}
		if i > 0 {
			want = []string{"Action", "MaxResults", "NextToken", "Version"}
		}
		if !slices.Equal(sortedCopy(params), want) || form.Get("MaxResults") != "1000" {
			t.Errorf("page %d request %v, want only %q with MaxResults=1000", i+1, form, want)
		}
	}
	got := map[string]quotawatch.Measurement{}
	for _, m := range ms {
		got[m.Quota] = m
	}
	// 9 interfaces on the two pages: 5 Lambda ones in the VPC, a NAT
	// gateway and a VPC endpoint in the VPC, an instance and a Lambda
	// interface in another VPC.
	if m := got[quotawatch.QuotaNetworkInterfaces]; m.Usage != 9 || m.Limit != 5000 {
		t.Errorf("NetworkInterfaces %+v, want 9 of 5000", m)
	}
	if m := got[quotawatch.QuotaLambdaNetworkInterfaces]; m.Usage != 5 || m.Limit != 5000 {
		t.Errorf("LambdaNetworkInterfaces %+v, want 5 of 5000", m)
	}
}

// The defect this guards against: counting only Lambda's interfaces in the
// VPC left the alarm silent while the Region's other interfaces filled the
// quota. 4,100 interfaces in the Region, 10 of them Lambda's in the VPC:
// NetworkInterfaces is at 82% (the 80% alarm fires), Lambda's share 0.2%.
func TestNetworkInterfacesCountTheWholeRegion(t *testing.T) {
	f := newFakes(t)
	var page bytes.Buffer
	page.WriteString(`<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><networkInterfaceSet>`)
	for i := range 4100 {
		vpc, typ := "vpc-0f9e8d7c6b5a40010", "interface"
		switch {
		case i < 10:
			vpc, typ = vpcID, "lambda" // Lambda's, in the VPC
		case i < 20:
			typ = "lambda" // Lambda's, in another VPC
		case i < 30:
			vpc = vpcID // an instance in the VPC
		}
		fmt.Fprintf(&page, `<item><networkInterfaceId>eni-%017x</networkInterfaceId><vpcId>%s</vpcId><interfaceType>%s</interfaceType><status>in-use</status></item>`, i, vpc, typ)
	}
	page.WriteString(`</networkInterfaceSet></DescribeNetworkInterfacesResponse>`)
	f.ec2.setBody(keyENIs, 200, page.Bytes())

	ms, err := f.watcher(quotawatch.Config{VpcID: vpcID}, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]quotawatch.Measurement{}
	for _, m := range ms {
		got[m.Quota] = m
	}
	if m := got[quotawatch.QuotaNetworkInterfaces]; m.Usage != 4100 || m.Limit != 5000 || m.Percent() != 82 {
		t.Errorf("NetworkInterfaces %+v, want 4100 of 5000 (82%%)", m)
	}
	if m := got[quotawatch.QuotaLambdaNetworkInterfaces]; m.Usage != 10 || m.Limit != 5000 || m.Percent() != 0.2 {
		t.Errorf("LambdaNetworkInterfaces %+v, want 10 of 5000 (0.2%%)", m)
	}
	if got := f.ec2.keys(); !slices.Equal(got, []string{keyENIs}) {
		t.Errorf("EC2 requests %q, want one page", got)
	}
}

func TestQuotaWithoutAppliedValueFallsBackToDefault(t *testing.T) {
	f := newFakes(t)
	// GetServiceQuota answers the quota without a Value (ErrorReason set).
	f.quotas.set(keyLambdaQuota, 200, "servicequotas/GetServiceQuota-lambda-novalue.json")
	f.quotas.set(keyLambdaDefault, 200, "servicequotas/GetAWSDefaultServiceQuota-lambda.json")
	ms, err := f.watcher(quotawatch.Config{}, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.quotas.keys(); !slices.Equal(got, []string{keyLambdaQuota, keyLambdaDefault}) {
		t.Errorf("Service Quotas requests %q, want the applied value then the default", got)
	}
	if len(ms) != 2 || ms[0].Quota != quotawatch.QuotaLambdaConcurrency || ms[0].Limit != 1000 {
		t.Errorf("measurements %+v, want LambdaConcurrency with the default 1000", ms)
	}
}

// Nothing but Lambda concurrency is configured: no EC2 or API Gateway call,
// and no permission for them is needed.
func TestUnconfiguredChecksAreSkipped(t *testing.T) {
	f := newFakes(t)
	ms, err := f.watcher(quotawatch.Config{}, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(f.ec2.recorded())+len(f.apigw.recorded()) != 0 {
		t.Errorf("EC2 %q and API Gateway %q were called", f.ec2.keys(), f.apigw.keys())
	}
	var quotas []string
	for _, m := range ms {
		quotas = append(quotas, m.Quota)
	}
	if !slices.Equal(quotas, []string{quotawatch.QuotaLambdaConcurrency, quotawatch.QuotaLambdaReservedConcurrency}) {
		t.Errorf("measured %q, want the two Lambda concurrency quotas", quotas)
	}
	// The default namespace.
	if got := published(t, f.cloudwatch); len(got) != 6 || !strings.HasPrefix(got[0], quotawatch.DefaultNamespace+" ") {
		t.Errorf("published %q, want 6 metrics in %s", got, quotawatch.DefaultNamespace)
	}
}

// One API denies access and another fails: the rest is still published,
// each failure is logged, and Run returns both.
func TestPartialFailurePublishesTheRest(t *testing.T) {
	f := newFakes(t)
	f.ec2.set(keyENIs, 403, "ec2/UnauthorizedOperation.xml")
	f.lambda.set(keyAccountSettings, 500, "lambda/ServiceException.json", "X-Amzn-Errortype", "ServiceException")
	var logs bytes.Buffer
	ms, err := f.watcher(fullConfig, &logs).Run(context.Background())
	if err == nil {
		t.Fatal("Run returned no error")
	}
	for _, want := range []string{
		"NetworkInterfaces: reading EC2 DescribeNetworkInterfaces (every interface in the Region)", "UnauthorizedOperation",
		"LambdaConcurrency: reading Lambda GetAccountSettings", "ServiceException",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	var re *quotawatch.ReadError
	if !errors.As(err, &re) {
		t.Errorf("error %v wraps no *ReadError", err)
	}

	// Without the account settings, the concurrency limit is the quota's;
	// the reserved share and the interfaces (neither the Region's nor
	// Lambda's share) are not published.
	var quotas []string
	for _, m := range ms {
		quotas = append(quotas, m.Quota+m.SubnetID)
	}
	wantQuotas := []string{"LambdaConcurrency", "SubnetAddresses" + subnetA, "SubnetAddresses" + subnetB, "ApiGatewayThrottleRate"}
	if !slices.Equal(quotas, wantQuotas) {
		t.Errorf("measured %q, want %q", quotas, wantQuotas)
	}
	if got := published(t, f.cloudwatch); len(got) != 3*len(wantQuotas) {
		t.Errorf("published %d metrics, want %d:\n%s", len(got), 3*len(wantQuotas), strings.Join(got, "\n"))
	}
	var errorLines []string
	for _, l := range logLines(t, &logs) {
		if l["level"] == "ERROR" {
			errorLines = append(errorLines, l["error"].(string))
		}
	}
	if len(errorLines) != 2 {
		t.Errorf("%d ERROR log lines, want one per failure:\n%s", len(errorLines), logs.String())
	}
}

func TestAccessDeniedToServiceQuotas(t *testing.T) {
	f := newFakes(t)
	f.quotas.set(keyApiQuota, 400, "servicequotas/AccessDeniedException.json")
	ms, err := f.watcher(fullConfig, &bytes.Buffer{}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "ApiGatewayThrottleRate: reading Service Quotas apigateway/L-8A5B8E43 (Throttle rate)") ||
		!strings.Contains(err.Error(), "AccessDeniedException") {
		t.Errorf("error %v, want the API Gateway quota read denied", err)
	}
	if len(ms) != 6 {
		t.Errorf("%d measurements, want the 6 others", len(ms))
	}
}

// A response the SDK cannot parse fails that check with an error naming
// the check, the call and the parse failure; the others still publish.
func TestMalformedResponses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(f *fakes)
		wants  []string
	}{{
		name: "Service Quotas value not a number",
		break_: func(f *fakes) {
			f.quotas.setBody(keyLambdaQuota, 200, []byte(`{"Quota":{"QuotaCode":"L-B99A9384","Value":"a thousand"}}`))
		},
		wants: []string{"LambdaConcurrency: reading Service Quotas lambda/L-B99A9384 (Concurrent executions)", "GetServiceQuota", "deserialization failed"},
	}, {
		// Well-formed XML of another shape parses to no subnets.
		name:   "EC2 answers HTML",
		break_: func(f *fakes) { f.ec2.setBody(keySubnets, 200, []byte("<html><body>Bad Gateway</body></html>")) },
		wants:  []string{"SubnetAddresses: reading EC2 DescribeSubnets " + subnetA + ": the answer does not list this subnet"},
	}, {
		name: "EC2 XML cut short",
		break_: func(f *fakes) {
			f.ec2.setBody(keyENIs, 200, []byte(`<DescribeNetworkInterfacesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><networkInterfaceSet><item><networkInterfaceId>eni-1`))
		},
		wants: []string{"NetworkInterfaces: reading EC2 DescribeNetworkInterfaces (every interface in the Region)", "deserialization failed"},
	}, {
		name: "API Gateway JSON cut short",
		break_: func(f *fakes) {
			f.apigw.setBody(keyStage, 200, []byte(`{"stageName":"prod","methodSettings":{"*/*":{"throttlingRateLimit":20`))
		},
		wants: []string{"ApiGatewayThrottleRate: reading API Gateway GetStage " + apiID + "/" + stage, "deserialization failed"},
	}, {
		name:   "CloudWatch answers JSON instead of CBOR",
		break_: func(f *fakes) { f.cloudwatch.setBody(keyGetMetricData, 200, []byte(`"MetricDataResults"`)) },
		wants:  []string{"LambdaConcurrency: reading CloudWatch AWS/Lambda ConcurrentExecutions", "GetMetricData"},
	}, {
		name: "Lambda account settings without the limit",
		break_: func(f *fakes) {
			f.lambda.setBody(keyAccountSettings, 200, []byte(`{"AccountUsage":{"FunctionCount":3}}`))
		},
		wants: []string{"LambdaConcurrency: reading Lambda GetAccountSettings: the answer has no AccountLimit.ConcurrentExecutions"},
	}, {
		name: "subnet CIDR not IPv4",
		break_: func(f *fakes) {
			f.ec2.setBody(keySubnets, 200, []byte(`<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><subnetSet>`+
				`<item><subnetId>`+subnetA+`</subnetId><cidrBlock>10.0.0.0/99</cidrBlock><availableIpAddressCount>1</availableIpAddressCount></item>`+
				`<item><subnetId>`+subnetB+`</subnetId><cidrBlock>10.0.32.0/19</cidrBlock><availableIpAddressCount>1000</availableIpAddressCount></item>`+
				`</subnetSet></DescribeSubnetsResponse>`))
		},
		wants: []string{"SubnetAddresses: reading EC2 DescribeSubnets " + subnetA + `: cidrBlock "10.0.0.0/99" is not an IPv4 CIDR`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakes(t)
			tc.break_(f)
			ms, err := f.watcher(fullConfig, &bytes.Buffer{}).Run(context.Background())
			if err == nil {
				t.Fatal("Run returned no error")
			}
			t.Logf("error: %v", err)
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if len(ms) == 0 || len(published(t, f.cloudwatch)) != 3*len(ms) {
				t.Errorf("%d measurements, %d metrics published: the other checks should still publish", len(ms), len(published(t, f.cloudwatch)))
			}
		})
	}
}

func TestPublishFailureIsReturned(t *testing.T) {
	f := newFakes(t)
	f.cloudwatch.set(keyPutMetricData, 400, "cloudwatch/AccessDenied.json")
	_, err := f.watcher(quotawatch.Config{Namespace: "Test/Quotas"}, &bytes.Buffer{}).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "publishing 6 metrics to CloudWatch namespace Test/Quotas") || !strings.Contains(err.Error(), "AccessDenied") {
		t.Errorf("error %v, want the denied PutMetricData", err)
	}
}

// When nothing could be read there is nothing to publish.
func TestNothingReadNothingPublished(t *testing.T) {
	f := newFakes(t)
	f.quotas.set(keyLambdaQuota, 400, "servicequotas/AccessDeniedException.json")
	f.lambda.set(keyAccountSettings, 500, "lambda/ServiceException.json", "X-Amzn-Errortype", "ServiceException")
	ms, err := f.watcher(quotawatch.Config{}, &bytes.Buffer{}).Run(context.Background())
	if err == nil || len(ms) != 0 {
		t.Fatalf("Run = %v, %v; want no measurement and an error", ms, err)
	}
	if got := f.cloudwatch.keys(); !slices.Equal(got, []string{keyGetMetricData}) {
		t.Errorf("CloudWatch requests %q, want no PutMetricData", got)
	}
}

// Lambda enforces less than the quota (a new account): the lower wins.
func TestConcurrencyLimitIsTheLowerOfQuotaAndAccount(t *testing.T) {
	f := newFakes(t)
	f.lambda.setBody(keyAccountSettings, 200, []byte(`{"AccountLimit":{"ConcurrentExecutions":400,"UnreservedConcurrentExecutions":400},"AccountUsage":{"FunctionCount":1}}`))
	var logs bytes.Buffer
	ms, err := f.watcher(quotawatch.Config{}, &logs).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Limit != 400 || ms[0].Usage != 410 {
		t.Errorf("LambdaConcurrency %+v, want 410 of the enforced 400", ms[0])
	}
	if ms[1].Usage != 0 || ms[1].Limit != 300 {
		t.Errorf("LambdaReservedConcurrency %+v, want 0 of 300", ms[1])
	}
	if !strings.Contains(logs.String(), "Lambda enforces a lower concurrency limit than the quota") {
		t.Errorf("no warning about the lower limit:\n%s", logs.String())
	}
}

// A new account's limit (10) leaves nothing to reserve above the 100 Lambda
// keeps unreserved. That is a reading, not a failure: Run succeeds (the
// watcher's Errors alarm stays OK) and LambdaReservedConcurrency is
// published against a limit of 0, at 0% while nothing is reserved and 100%
// if anything is.
func TestConcurrencyLimitWithNothingToReserve(t *testing.T) {
	ts := "2026-01-01T00:05:30Z"
	for _, tc := range []struct {
		name              string
		limit, unreserved int
		want              []string
	}{{
		name: "new account, nothing reserved", limit: 10, unreserved: 10,
		want: []string{
			"Test/Quotas Utilization Quota=LambdaReservedConcurrency 0 Percent " + ts,
			"Test/Quotas Usage Quota=LambdaReservedConcurrency 0 Count " + ts,
			"Test/Quotas Limit Quota=LambdaReservedConcurrency 0 Count " + ts,
		},
	}, {
		name: "limit exactly 100", limit: 100, unreserved: 100,
		want: []string{
			"Test/Quotas Utilization Quota=LambdaReservedConcurrency 0 Percent " + ts,
			"Test/Quotas Usage Quota=LambdaReservedConcurrency 0 Count " + ts,
			"Test/Quotas Limit Quota=LambdaReservedConcurrency 0 Count " + ts,
		},
	}, {
		name: "limit lowered under reservations", limit: 50, unreserved: 40,
		want: []string{
			"Test/Quotas Utilization Quota=LambdaReservedConcurrency 100 Percent " + ts,
			"Test/Quotas Usage Quota=LambdaReservedConcurrency 10 Count " + ts,
			"Test/Quotas Limit Quota=LambdaReservedConcurrency 0 Count " + ts,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakes(t)
			f.lambda.setBody(keyAccountSettings, 200, []byte(fmt.Sprintf(
				`{"AccountLimit":{"ConcurrentExecutions":%d,"UnreservedConcurrentExecutions":%d},"AccountUsage":{"FunctionCount":1}}`, tc.limit, tc.unreserved)))
			f.cloudwatch.set(keyGetMetricData, 200, "cloudwatch/GetMetricData-nodata.json")
			var logs bytes.Buffer
			ms, err := f.watcher(quotawatch.Config{Namespace: "Test/Quotas"}, &logs).Run(context.Background())
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if len(ms) != 2 || ms[0].Quota != quotawatch.QuotaLambdaConcurrency || ms[0].Limit != float64(tc.limit) {
				t.Errorf("measurements %+v, want LambdaConcurrency against the enforced %d, then the reserved share", ms, tc.limit)
			}
			got := published(t, f.cloudwatch)
			if len(got) != 6 || !slices.Equal(got[3:], tc.want) {
				t.Errorf("published:\n%s\nwant the reserved share:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			var warned bool
			for _, l := range logLines(t, &logs) {
				if l["level"] == "ERROR" {
					t.Errorf("unexpected error log: %v", l)
				}
				if l["level"] == "WARN" && strings.Contains(l["msg"].(string), "leaves nothing to reserve") {
					warned = true
				}
			}
			if !warned {
				t.Errorf("no warning that nothing can be reserved:\n%s", logs.String())
			}
		})
	}
}

func TestPercentOfAZeroLimit(t *testing.T) {
	for _, tc := range []struct{ usage, limit, want float64 }{{0, 0, 0}, {5, 0, 100}, {1, 4, 25}} {
		if got := (quotawatch.Measurement{Usage: tc.usage, Limit: tc.limit}).Percent(); got != tc.want {
			t.Errorf("Percent of %g/%g = %g, want %g", tc.usage, tc.limit, got, tc.want)
		}
	}
}

func TestNoConcurrencyDataIsZero(t *testing.T) {
	f := newFakes(t)
	f.cloudwatch.set(keyGetMetricData, 200, "cloudwatch/GetMetricData-nodata.json")
	ms, err := f.watcher(quotawatch.Config{}, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Quota != quotawatch.QuotaLambdaConcurrency || ms[0].Usage != 0 {
		t.Errorf("measurements %+v, want LambdaConcurrency usage 0 without datapoints", ms)
	}
}

// A stage without a stage-wide throttle can take the account's whole rate.
func TestStageWithoutThrottleUsesTheWholeAccountRate(t *testing.T) {
	f := newFakes(t)
	f.apigw.set(keyStage, 200, "apigateway/GetStage-nothrottle.json")
	ms, err := f.watcher(quotawatch.Config{RestAPIID: apiID, StageName: stage}, &bytes.Buffer{}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	last := ms[len(ms)-1]
	if last.Quota != quotawatch.QuotaApiGatewayThrottleRate || last.Percent() != 100 {
		t.Errorf("measurement %+v, want ApiGatewayThrottleRate at 100%%", last)
	}
}

// Reads stop before the invocation's deadline, leaving time to publish.
func TestReadsStopBeforeTheDeadline(t *testing.T) {
	f := newFakes(t)
	w := f.watcher(quotawatch.Config{}, &bytes.Buffer{})
	w.PublishReserve = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := w.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("Run with no time left for reads = %v, want deadline errors", err)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{
		"VPC_ID":      " vpc-1 ",
		"SUBNET_IDS":  "subnet-a, ,subnet-b,",
		"REST_API_ID": "api1", "STAGE_NAME": "prod",
	}
	c, err := quotawatch.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := quotawatch.Config{VpcID: "vpc-1", SubnetIDs: []string{"subnet-a", "subnet-b"}, RestAPIID: "api1", StageName: "prod", Namespace: quotawatch.DefaultNamespace}
	if c.VpcID != want.VpcID || !slices.Equal(c.SubnetIDs, want.SubnetIDs) || c.RestAPIID != want.RestAPIID || c.StageName != want.StageName || c.Namespace != want.Namespace {
		t.Errorf("ConfigFromEnv = %+v, want %+v", c, want)
	}

	c, err = quotawatch.ConfigFromEnv(func(k string) string { return map[string]string{"METRIC_NAMESPACE": "X/Y"}[k] })
	if err != nil || c.Namespace != "X/Y" || c.VpcID != "" || c.SubnetIDs != nil {
		t.Errorf("ConfigFromEnv = %+v, %v; want only the namespace", c, err)
	}

	_, err = quotawatch.ConfigFromEnv(func(k string) string { return map[string]string{"REST_API_ID": "api1"}[k] })
	if err == nil || !strings.Contains(err.Error(), "STAGE_NAME") {
		t.Errorf("REST_API_ID without STAGE_NAME: %v, want an error naming STAGE_NAME", err)
	}
}
