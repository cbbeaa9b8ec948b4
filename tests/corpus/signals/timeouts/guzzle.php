<?php

use GuzzleHttp\Client;

$ok = new Client(['base_uri' => $u, 'timeout' => 2.0]);
$bad = new Client(['base_uri' => $u]);
